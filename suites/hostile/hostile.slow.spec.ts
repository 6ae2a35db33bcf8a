/**
 * Hostile implementations (issue 20), each through the real CLI in a child process: an adapter
 * that forges (through globals, stdout, the host's own channel, an inherited property), one that
 * prints when imported, one whose children try to outlive the run, hostile names, pathological
 * globs and time limits. Every forging probe is node-als with the hostile part added, so its
 * verdicts must be node-als's own, scenario by scenario: no PASS that the same implementation
 * without the hostile part does not earn. The processes such implementations leave, runners that
 * misbehave and the report folder under abuse are in the other *.slow.spec.ts files here.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report, Status } from '../../harness/report/report.ts';
import { reportErrors } from '../../harness/report/schema/validate.ts';
import { BIN, ROOT, runCli } from '../support/cli.ts';
import { recordCommand } from '../../harness/cli/commands/record.ts';
import { terminalDangers } from '../report/support/hostile.ts';
import { leftOver, probe, readReport, SELECTION, statuses, tempFolders, TAG } from './support/probes.ts';

describe('hostile implementations through the CLI (issue 20)', function () {
  this.timeout(300000);
  const tmp = tempFolders();

  describe('forging in the host, a banner, and children that try to outlive the run: one run', () => {
    const hostile = ['forge-globals', 'forge-stdout', 'forge-channel', 'banner', 'grandchildren'];
    let dir: string;
    let cli: ReturnType<typeof runCli>;
    let report: Report;
    let baseline: Map<string, Status>;
    let seconds: number;

    before(() => {
      dir = tmp('host');
      const started = Date.now();
      cli = runCli(['run', '--impl', 'node-als', ...hostile.flatMap((p) => ['--impl', probe(p)]), ...SELECTION, '--report', dir],
        { timeout: 280000, env: { PEP567_PROBE_TAG: TAG, PEP567_PROBE_SLEEP: '600' } });
      seconds = (Date.now() - started) / 1000;
      report = readReport(dir);
      baseline = statuses(report.runs[0]!);
    });

    it('exits 1 (node-als fails gather) with a valid report of every implementation', () => {
      expect(cli.code, cli.err).to.equal(1);
      expect(reportErrors(report)).to.deep.equal([]);
      expect(report.runs.map((r) => r.implementation.spec)).to.deep.equal(['node-als', ...hostile.map(probe)]);
      // Something to forge: node-als fails scenarios here.
      expect([...baseline.values()].filter((s) => s === 'FAIL').length).to.be.greaterThan(3);
    });

    for (const name of ['forge-globals', 'forge-stdout', 'banner', 'grandchildren']) {
      it(`${name}: node-als's own verdict on every scenario`, () => {
        const run = report.runs.find((r) => r.implementation.spec === probe(name))!;
        expect(Object.fromEntries(statuses(run))).to.deep.equal(Object.fromEntries(baseline));
      });
    }

    it('forge-channel: every line it writes on fd 3 lacks the secret and is refused (PROTOCOL_ERROR), never a PASS', () => {
      const run = report.runs.find((r) => r.implementation.spec === probe('forge-channel'))!;
      for (const r of run.results) {
        if (baseline.get(r.id) === 'UNSUPPORTED') { expect(r.status).to.equal('UNSUPPORTED'); continue; }
        expect(r.status, `${r.id}: ${r.error}`).to.equal('PROTOCOL_ERROR');
        expect(r.error).to.match(/without the host's secret/);
      }
    });

    it('passes what the implementations print through to stderr, each line prefixed with the implementation', () => {
      expect(cli.err).to.contain(`pep567 [${probe('banner')}] banner: my-context-lib v1.0 loaded`);
      expect(cli.err).to.contain(`pep567 [${probe('banner')}] {"looks": "like json"}`);
      expect(cli.out).not.to.contain('banner:');
    });

    it('ends without waiting for the children (they sleep 600 s, holding stdout) and leaves none of them, nor a host', () => {
      expect(seconds).to.be.lessThan(280);
      expect(leftOver()).to.deep.equal([]);
    });
  });

  it('in process, Object.prototype.failure forges nothing: node-als\'s verdicts, the first scenario it runs ERROR naming the property', () => {
    const base = tmp('inprocess-base');
    const dir = tmp('inprocess');
    expect(runCli(['run', '--in-process', '--impl', 'node-als', ...SELECTION, '--report', base]).code).to.equal(1);
    const r = runCli(['run', '--in-process', '--impl', probe('inherited'), ...SELECTION, '--report', dir]);
    expect(r.code, r.err).to.equal(1);
    const want = statuses(readReport(base).runs[0]!);
    const got = readReport(dir).runs[0]!.results;
    // Scenarios it cannot express never reach the implementation: the first one it runs is the one it poisons.
    const first = got.findIndex((x) => want.get(x.id) !== 'UNSUPPORTED');
    expect(first, 'a scenario node-als runs').to.be.at.least(0);
    expect(got[first]!.status).to.equal('ERROR');
    expect(got[first]!.error).to.match(/added Object\.prototype\.failure/);
    got.forEach((x, i) => { if (i !== first) expect(x.status, x.id).to.equal(want.get(x.id)); });
  });

  it('hostile names: an adapter\'s name, version and error text and a fixture\'s title with newlines and ::error …:: reach stdout escaped, in a host and in process', async () => {
    const root = tmp('names');
    const fixtures = join(root, 'fixtures'), traces = join(root, 'traces');
    const f = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'getset', 'get-unset-raises-lookup-error.json'), 'utf8'));
    f.title = `unset\n::error title=forged::pwned\u001b[31m\r::add-mask::x`;
    mkdirSync(join(fixtures, 'getset'), { recursive: true });
    writeFileSync(join(fixtures, 'getset', 'get-unset-raises-lookup-error.json'), JSON.stringify(f));
    const quiet = () => {};
    expect(await recordCommand({ python: ['python3'], discover: false, fixturesDir: fixtures, tracesDir: traces, out: quiet, err: quiet })).to.equal(0);
    for (const mode of [[], ['--in-process']]) {
      const r = runCli(['run', ...mode, '--impl', probe('names'), '--fixtures', fixtures, '--traces', traces, '--report', join(root, `report${mode.length}`)]);
      const where = mode.join(' ') || 'host';
      expect(r.code, `${where}: ${r.err}`).to.equal(1);
      const result = readReport(join(root, `report${mode.length}`)).runs[0]!.results[0]!;
      expect(result.status, where).to.equal('ERROR');
      // The hostile text is there, escaped, not dropped: the name, and the error's message.
      expect(r.out, where).to.contain('node-als\\n::error title=forged::pwned\\u001b[31m\\r::add-mask::x');
      expect(r.out, where).to.contain('lookup failed');
      expect(r.out, where).to.contain(': unset\\n::error title=forged::pwned\\u001b[31m\\r::add-mask::x\n');
      expect(terminalDangers(r.out), `${where}: stdout`).to.deep.equal([]);
      expect(terminalDangers(r.err), `${where}: stderr`).to.deep.equal([]);
    }
  });

  describe('pathological input: one line, exit 2, at once', () => {
    for (const glob of ['**a**a**a**a**a**a**a**a**b', '**/**/**/**/**/**/**/**/b']) {
      it(`--include ${glob}`, () => {
        // spawnSync's timeout kills a CLI that backtracks; a linear matcher answers within it.
        const r = spawnSync(process.execPath, [BIN, 'run', '--include', glob, '--report', tmp('glob')], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
        expect(r.signal, 'the CLI was killed: it did not answer within 30 s').to.equal(null);
        expect(r.status).to.equal(2);
        expect(r.stderr).to.match(/^pep567: --include .* matches no scenario\n/);
      });
    }

    for (const flags of [['--timeout', '3000000000'], ['--timeout-multiplier', '1e300']]) {
      it(flags.join(' '), () => {
        const dir = tmp('time');
        const r = runCli(['run', ...flags, '--report', dir]);
        expect(r.code).to.equal(2);
        expect(r.err.split('\n')[0]).to.match(/^pep567: --timeout .*: the time limit must come to between 1 and 2147483647 ms/);
        expect(existsSync(join(dir, 'report.json'))).to.equal(false);
      });
    }
  });
});
