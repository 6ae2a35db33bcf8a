/**
 * The processes of a hostile implementation (issue 20), through the real CLI: a harness killed with
 * SIGKILL while its host loops leaves no process and a journal to rebuild the report from; an
 * in-process implementation that loops synchronously has its thread stopped (at its time limit, or
 * at once on SIGINT/SIGTERM); and every process a host started goes at the end, by its cgroup or by
 * the walk of /proc.
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportErrors } from '../../harness/report/schema/validate.ts';
import { runCli, startCli } from '../support/cli.ts';
import { cgroupsUsable, NO_CGROUP_VAR } from '../../harness/protocol/cgroup.ts';
import { leftOver, probe, readReport, SELECTION, sleep, TAG, tempFolders, until } from './support/probes.ts';

describe('the processes of hostile implementations, and of a harness killed under them (issue 20)', function () {
  this.timeout(300000);
  const tmp = tempFolders();

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
});
