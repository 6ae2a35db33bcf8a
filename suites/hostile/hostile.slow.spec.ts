/**
 * Hostile implementations (issue 20), each through the real CLI in a child process: an adapter
 * that forges (through globals, stdout, the host's own channel, an inherited property), one that
 * prints when imported, one whose children try to outlive the run, a host that loops when the
 * harness is killed with SIGKILL, pathological globs and time limits. Every forging probe is
 * node-als with the hostile part added, so its verdicts must be node-als's own, scenario by
 * scenario: no PASS that the same implementation without the hostile part does not earn.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report, ScenarioResult, Status } from '../../harness/report/report.ts';
import { reportErrors } from '../../harness/report/schema/validate.ts';
import { BIN, ROOT, runCli, startCli } from '../support/cli.ts';
import { cgroupsUsable, NO_CGROUP_VAR } from '../../harness/protocol/cgroup.ts';
import { recordCommand } from '../../harness/cli/commands/record.ts';
import { terminalDangers } from '../report/support/hostile.ts';

const PROBES = join(ROOT, 'suites', 'hostile', 'support');
const probe = (name: string) => join(PROBES, `${name}.mjs`);
/** gather: node-als fails all of them (something to forge); getset: mostly passes. */
const SELECTION = ['--include', 'gather/*', '--include', 'getset/*'];
const TAG = `run${process.pid}`;

/** Processes whose command line names a probe or carries this run's tag (hosts, sleepers), from /proc. */
function leftOver(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(PROBES) || cmd.includes(`pep567-hostile-probe-${TAG}`)) out.push(`${pid}: ${cmd}`);
    } catch { /* it ended meanwhile */ }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (what()) return true;
  return what();
}

const statuses = (run: Report['runs'][number]) => new Map(run.results.map((r: ScenarioResult) => [r.id, r.status]));
const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;

describe('hostile implementations through the CLI (issue 20)', function () {
  this.timeout(300000);
  const dirs: string[] = [];
  const tmp = (name: string) => { const d = mkdtempSync(join(tmpdir(), `pep567-hostile-${name}-`)); dirs.push(d); return d; };
  after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

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

  it('kill -9 of the harness while its host loops (with a grandchild in its own session): both gone within seconds, the previous report intact, a report rebuilt from the journal', async () => {
    const dir = tmp('kill9');
    expect(runCli(['run', '--include', 'getset/*', '--report', dir]).code).to.equal(0);
    const before = readFileSync(join(dir, 'report.json'), 'utf8');
    const cli = startCli(['run', '--impl', 'node-als', '--impl', probe('loop'), ...SELECTION, '--timeout', '120000', '--report', dir], { env: { PEP567_PROBE_TAG: TAG } });
    cli.stdout!.resume();
    cli.stderr!.resume();
    const looping = () => leftOver().some((l) => l.includes(`pep567-hostile-probe-${TAG}-session`));
    expect(await until(looping, 60000), 'the probe started its grandchild and loops').to.equal(true);
    cli.kill('SIGKILL');
    expect(await until(() => leftOver().length === 0, 5000), leftOver().join('\n')).to.equal(true);
    expect(readFileSync(join(dir, 'report.json'), 'utf8'), 'the previous report').to.equal(before);

    const r = runCli(['report', '--from-journal', dir, '--format', 'md']);
    expect(r.code, r.err).to.equal(0);
    const rebuilt = readReport(dir);
    expect(reportErrors(rebuilt)).to.deep.equal([]);
    expect(rebuilt.runs.map((x) => x.implementation.spec)).to.deep.equal(['node-als', probe('loop')]);
    // node-als finished before the kill: its results as a run gives them; the looping probe's are NOT_RUN.
    const node = rebuilt.runs[0]!.results;
    expect(node.length).to.equal(rebuilt.selection.scenarios);
    expect(node.filter((x) => x.status === 'NOT_RUN')).to.deep.equal([]);
    // The looping probe's: those it cannot express were decided before it ran (UNSUPPORTED, as node-als's
    // are); the rest, from the scenario it loops in on, NOT_RUN because the harness was killed.
    const probeResults = rebuilt.runs[1]!.results;
    const notRun = probeResults.filter((x) => x.status !== 'UNSUPPORTED');
    expect(notRun.length, 'scenarios the probe would run').to.be.greaterThan(0);
    expect(notRun.filter((x) => !(x.status === 'NOT_RUN' && /killed/.test(x.error ?? ''))).map((x) => `${x.id}: ${x.status}`)).to.deep.equal([]);
    const nodeUnsupported = new Set(node.filter((x) => x.status === 'UNSUPPORTED').map((x) => x.id));
    expect(probeResults.filter((x) => x.status === 'UNSUPPORTED' && !nodeUnsupported.has(x.id)).map((x) => x.id)).to.deep.equal([]);
  });

  describe('an in-process implementation that loops synchronously (its worker thread is stopped)', () => {
    // Four scenarios node-als runs (none UNSUPPORTED), so each one reaches the loop.
    const LOOPED = ['--include', 'getset/get-*'];

    it('each scenario a TIMEOUT at its time limit, the run ends with its report, no process left', () => {
      const dir = tmp('spin-timeout');
      const r = runCli(['run', '--in-process', '--impl', probe('spin'), ...LOOPED, '--timeout', '300', '--report', dir]);
      expect(r.code, r.err).to.equal(1);
      const results = readReport(dir).runs[0]!.results;
      expect(results.length).to.equal(4);
      for (const x of results) {
        expect(x.status, x.id).to.equal('TIMEOUT');
        expect(x.error).to.match(/did not finish within 300 ms \(it never returned to its event loop; its thread was stopped\)/);
      }
      expect(leftOver()).to.deep.equal([]);
    });

    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it(`${signal} mid-loop: the CLI exits at once (${signal === 'SIGTERM' ? 143 : 130}) with a report of what finished, NOT_RUN for the rest`, async () => {
        const dir = tmp(`spin-${signal}`);
        expect(runCli(['run', '--include', 'getset/*', '--report', dir]).code).to.equal(0);
        const mark = join(tmp('spin-mark'), 'looping');
        const cli = startCli(['run', '--in-process', '--impl', probe('spin'), '--include', 'getset/*', '--timeout', '120000', '--report', dir], { env: { PEP567_PROBE_MARK: mark } });
        let err = '';
        cli.stdout!.resume();
        cli.stderr!.on('data', (c) => { err += c; });
        const exited = new Promise<number | null>((res) => cli.on('exit', (code) => res(code)));
        expect(await until(() => existsSync(mark), 60000), 'the probe reached its loop').to.equal(true);
        const sent = Date.now();
        cli.kill(signal);
        const code = await Promise.race([exited, sleep(20000).then(() => 'still running')]);
        expect(code, err).to.equal(signal === 'SIGTERM' ? 143 : 130);
        expect(Date.now() - sent, 'seconds to exit').to.be.lessThan(10000);
        const report = readReport(dir);
        expect(reportErrors(report)).to.deep.equal([]);
        expect(report.interrupted).to.deep.equal({ signal });
        const results = report.runs[0]!.results;
        expect(results.length).to.equal(12);
        // The first scenario loops: it and every later one is NOT_RUN, saying why.
        for (const x of results) {
          expect(x.status, x.id).to.equal('NOT_RUN');
          expect(x.error).to.equal(`not run: the run was interrupted (${signal})`);
        }
        expect(leftOver()).to.deep.equal([]);
      });
    }
  });

  describe('every process a host started is killed at the end: its cgroup where the machine allows, else the walk of /proc', () => {
    /** The cgroup v2 path the `where` probe's host found itself in. */
    const hostCgroup = (mark: string) => readFileSync(mark, 'utf8').split('\n').find((l) => l.startsWith('0::'))?.slice(3) ?? '';
    const probes = (...names: string[]) => names.flatMap((p) => ['--impl', probe(p)]);

    it('with cgroups: each host in a cgroup of its own, even a grandchild with no token and no parent is killed, and the cgroup removed', function () {
      if (!cgroupsUsable()) this.skip();
      const dir = tmp('cgroup');
      const mark = join(tmp('cgroup-mark'), 'cgroup');
      const r = runCli(['run', ...probes('where', 'escapee', 'grandchildren'), '--include', 'getset/get-*', '--report', dir], { timeout: 200000, env: { PEP567_PROBE_TAG: TAG, PEP567_PROBE_SLEEP: '600', PEP567_PROBE_MARK: mark } });
      expect(r.code, r.err).to.equal(1); // node-als fails getset/get-reads-the-current-context
      const path = hostCgroup(mark);
      expect(path).to.match(/\/pep567-\d+-\d+$/);
      expect(leftOver()).to.deep.equal([]);
      const mount = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').find((l) => l.split(' - ')[1]?.startsWith('cgroup2 '))!.split(' ')[4]!;
      expect(existsSync(join(mount, path)), 'the cgroup folder is removed').to.equal(false);
    });

    it(`without (${NO_CGROUP_VAR}=1): the walk finds detached, session and orphaned grandchildren by token and parent`, () => {
      const dir = tmp('walk');
      const mark = join(tmp('walk-mark'), 'cgroup');
      const r = runCli(['run', ...probes('where', 'grandchildren'), '--include', 'getset/get-*', '--report', dir],
        { timeout: 200000, env: { PEP567_PROBE_TAG: TAG, PEP567_PROBE_SLEEP: '600', PEP567_PROBE_MARK: mark, [NO_CGROUP_VAR]: '1' } });
      expect(r.code, r.err).to.equal(1); // node-als fails getset/get-reads-the-current-context
      expect(hostCgroup(mark)).not.to.match(/pep567-/);
      expect(leftOver()).to.deep.equal([]);
    });
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

describe('a runner that states version "dev" (issue 20)', function () {
  this.timeout(120000);

  it('gives each scenario with a Python range an ERROR saying so, not exit 3', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pep567-hostile-dev-'));
    try {
      const r = runCli(['run', '--impl', `runner:python3 ${join(PROBES, 'dev-runner.py')}`, '--include', 'eager/*', '--include', 'getset/*', '--report', dir]);
      expect(r.code, r.err).to.equal(1);
      const run = readReport(dir).runs[0]!;
      // The eager scenarios need Python 3.12 or later; the getset ones name no range and reach the runner, which refuses them.
      const ranged = run.results.filter((x) => x.id.startsWith('eager/'));
      expect(ranged.length).to.be.greaterThan(0);
      for (const x of ranged) {
        expect(x.status).to.equal('ERROR');
        expect(x.error).to.match(/states version "dev" in its handshake, which is not a Python version/);
      }
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('the previous report survives, and one run at a time holds a report folder (issue 20)', function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pep567-hostile-keep-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('an in-process implementation that calls process.exit(0): it ends only its worker thread, each such scenario a CRASH, the report written', () => {
    expect(runCli(['run', '--include', 'getset/*', '--report', dir]).code).to.equal(0);
    const r = runCli(['run', '--in-process', '--impl', probe('exit'), '--include', 'getset/*', '--report', dir]);
    expect(r.code, r.err).to.equal(1);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.runs.map((x) => x.implementation.spec)).to.deep.equal([probe('exit')]);
    const results = report.runs[0]!.results;
    expect(results).to.have.length(12);
    // Every third scenario that runs (a fresh thread counts again from one) ends its thread.
    const crashed = results.filter((x) => x.status === 'CRASH');
    expect(crashed.length).to.be.greaterThan(0);
    for (const x of crashed) expect(x.error).to.equal('the implementation ended its thread (exit code 0)');
    expect(results.filter((x) => x.status === 'PASS').length).to.be.greaterThan(0);
    const events = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(events.at(-1)!.event).to.equal('end');
  });

  it('a second run into a folder a run is writing: exit 2 with one line naming the first run, which finishes unharmed', async () => {
    const first = startCli(['run', '--impl', 'node-als', '--report', dir]);
    let out = '';
    first.stdout!.on('data', (c) => { out += c; });
    first.stderr!.resume();
    const done = new Promise<number | null>((res) => first.on('exit', res));
    const locked = () => { try { lstatSync(join(dir, '.pep567-lock')); return true; } catch { return false; } };
    expect(await until(locked, 30000), 'the first run took the lock').to.equal(true);
    const second = runCli(['run', '--report', dir]);
    expect(second.code).to.equal(2);
    expect(second.err.split('\n')[0]).to.equal(`pep567: --report ${dir}: another pep567 run (pid ${first.pid}) is writing into this folder; wait for it, or pass another --report`);
    expect(await done).to.equal(1); // node-als fails scenarios
    expect(out).to.match(/\n\d+ passed, \d+ failed, \d+ skipped/); // the summary line: the first run finished and printed
    expect(readReport(dir).runs.map((r) => r.implementation.spec)).to.deep.equal(['node-als']);
    expect(locked()).to.equal(false);
  });
});

describe('malformed input the user gave: exit 2 with one line, never a stack (issue 20)', function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pep567-hostile-input-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });
  const oneLine = (r: { code: number | null; err: string }, pattern: RegExp) => {
    expect(r.code, r.err).to.equal(2);
    expect(r.err).not.to.match(/internal error|\n\s+at /);
    expect(r.err.split('\n')[0]).to.match(pattern);
  };

  it('a fixture nested 1,000 deep', () => {
    const f = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'getset', 'get-lookup-order.json'), 'utf8'));
    let body: unknown[] = [{ op: 'get', var: 'x' }];
    for (let i = 0; i < 1000; i++) body = [{ op: 'with_value', var: 'x', value: 1, body }];
    f.program = [...f.program, ...body];
    mkdirSync(join(dir, 'fixtures', 'getset'), { recursive: true });
    writeFileSync(join(dir, 'fixtures', 'getset', 'deep.json'), JSON.stringify(f));
    oneLine(runCli(['run', '--fixtures', join(dir, 'fixtures'), '--report', join(dir, 'report')]), /^pep567: malformed fixture: .*deep\.json: \/: nested more than 200 levels deep$/);
  });

  it('--expectations naming a folder', () => {
    oneLine(runCli(['run', '--expectations', dir, '--report', join(dir, 'report')]), /^pep567: --expectations .*: is a folder, not an expectation file$/);
  });

  it('pep567 report on a report.json broken in each of several ways', () => {
    expect(runCli(['run', '--include', 'getset/*', '--report', dir]).code).to.equal(0);
    const good = readReport(dir);
    const broken: Record<string, unknown> = {
      'runs null': { ...good, runs: null },
      'results a string': { ...good, runs: good.runs.map((r) => ({ ...r, results: 'x' })) },
      'a result null': { ...good, runs: good.runs.map((r) => ({ ...r, results: [null] })) },
      'implementation null': { ...good, runs: good.runs.map((r) => ({ ...r, implementation: null })) },
      'a status not a status': { ...good, runs: good.runs.map((r) => ({ ...r, results: r.results.map((x) => ({ ...x, status: 7 })) })) },
      'no counts': { ...good, counts: undefined },
      'summary null': { ...good, summary: null },
      'an array': [],
      'a number': 5,
    };
    for (const [what, report] of Object.entries(broken)) {
      const file = join(dir, `${what.replace(/ /g, '-')}.json`);
      writeFileSync(file, JSON.stringify(report));
      const r = runCli(['report', file, '--format', 'html,md,junit', '--out', join(dir, 'out')]);
      expect(r.code, `${what}: ${r.err}`).to.equal(2);
      expect(r.err, what).not.to.match(/internal error|\n\s+at /);
      expect(r.err.split('\n')[0], what).to.match(/^pep567: .*: not a (valid )?report/);
    }
  });
});

describe('a runner gone right after its answer is not charged to the next scenario (issue 20)', function () {
  this.timeout(180000);
  for (const mode of ['exit', 'close-stdin']) {
    it(`${mode} after every answer: every scenario PASS, as the same recorder kept alive`, () => {
      const dir = mkdtempSync(join(tmpdir(), `pep567-hostile-${mode}-`));
      try {
        const r = runCli(['run', '--impl', `runner:python3 ${join(PROBES, 'one-answer-runner.py')} ${mode}`, '--include', 'getset/*', '--timeout', '3000', '--report', dir]);
        expect(r.code, r.err).to.equal(0);
        const results = readReport(dir).runs[0]!.results;
        expect(results).to.have.length(12);
        for (const x of results) expect(x.status, `${x.id}: ${x.error}`).to.equal('PASS');
      } finally { rmSync(dir, { recursive: true, force: true }); }
    });
  }
});

describe('large answers and a full disk (issue 20)', function () {
  this.timeout(180000);

  it('a runner answering 15 MB per scenario: each scenario OVERSIZED, the report written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pep567-hostile-large-'));
    try {
      const r = runCli(['run', '--impl', `runner:python3 ${join(PROBES, 'large-runner.py')}`, '--include', 'getset/*', '--report', dir], { timeout: 170000 });
      expect(r.code, r.err).to.equal(1);
      const report = readReport(dir);
      expect(reportErrors(report)).to.deep.equal([]);
      const judged = report.runs[0]!.results.filter((x) => x.status !== 'UNSUPPORTED');
      expect(judged.length).to.be.greaterThan(3);
      for (const x of judged) {
        expect(x.status, x.id).to.equal('OVERSIZED');
        expect(x.error).to.match(/came to more than 4 MiB of JSON, the most one scenario may record/);
        expect(x.partial, x.id).to.equal(undefined);
      }
      expect(readFileSync(join(dir, 'journal.jsonl')).length).to.be.lessThan(1 << 20);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('a full disk (a small tmpfs): exit 2 with one line, the previous report.json kept', function () {
    const mnt = mkdtempSync(join(tmpdir(), 'pep567-hostile-tmpfs-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mnt]).status === 0;
    if (!mounted) { rmSync(mnt, { recursive: true, force: true }); this.skip(); }
    try {
      const dir = join(mnt, 'report');
      expect(runCli(['run', '--include', 'getset/*', '--report', dir]).code).to.equal(0);
      const before = readFileSync(join(dir, 'report.json'), 'utf8');
      // Fill what is left, then run the whole corpus into it.
      spawnSync('sh', ['-c', `dd if=/dev/zero of=${join(mnt, 'filler')} bs=4k 2>/dev/null; true`]);
      const r = runCli(['run', '--report', dir]);
      expect(r.code, r.err).to.equal(2);
      expect(r.err).not.to.match(/internal error|\n\s+at /);
      expect(r.err.trim().split('\n').at(-1)).to.match(/^pep567: no space left to write .* \(ENOSPC\)$/);
      expect(readFileSync(join(dir, 'report.json'), 'utf8')).to.equal(before);
    } finally {
      spawnSync('umount', [mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
  });
});
