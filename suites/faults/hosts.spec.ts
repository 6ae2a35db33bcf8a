/**
 * Nothing lost (issue 10, section 4): the real CLI, in a child process, runs the model and one
 * faulty adapter per fault in ONE run, each adapter in a host of its own. Every fault stays inside
 * its own host: the run ends with exit code 1, every scenario of every implementation has exactly
 * one status, the model passes, each fault gets the status it must, and no host outlives the run.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATUSES, type Report, type ScenarioResult, type Status } from '../../harness/report/report.ts';
import { reportErrors } from '../../harness/report/schema/validate.ts';
import { ROOT, runCli } from '../support/cli.ts';

const HOSTS = join(ROOT, 'suites', 'faults', 'support', 'hosts');
const SCENARIOS = ['getset/get-lookup-order', 'getset/set-none-stores-none', 'tasks/parent-later-changes-unseen'];
const START_TIMEOUT_MS = 8000;

type Expect = [Status, RegExp?, number?];
/** Per adapter, per scenario (in SCENARIOS order): status, what its error says, how many observations it kept. */
const FAULTS: Record<string, Expect[]> = {
  'throw-sync': Array(3).fill(['ERROR', /could not classify an error: Error: a JavaScript error inside get/]),
  'reject-non-error': Array(3).fill(['ERROR', /runMain rejected\n42/]),
  // Nothing scheduled and main unsettled: reported at once, long before the 2 s timeout.
  'never-settle': Array(3).fill(['STALLED', /every task waits and nothing is scheduled/, 0]),
  stall: [['PASS'], ['UNSUPPORTED'], ['STALLED', /every task waits and nothing is scheduled/, 1]],
  'stall-after-throw': [['PASS'], ['UNSUPPORTED'], ['FAIL']],
  'exit-0': Array(3).fill(['CRASH', /exited during the scenario \(exit status 0\)/, 1]),
  'exit-1': Array(3).fill(['CRASH', /exited during the scenario \(exit status 1\)/, 1]),
  'loop-forever': Array(3).fill(['TIMEOUT', /no answer within 2000 ms/, 1]),
  'hang-at-import': Array(3).fill(['TIMEOUT', new RegExp(`hang-at-import\\.ts: the host did not finish loading within ${START_TIMEOUT_MS} ms`)]),
  'unhandled-rejection': Array(3).fill(['PASS']),
  'throwing-timer': Array(3).fill(['ERROR', /left 1 timer\(s\) or immediate\(s\) pending/]),
  'heap-exhaustion': Array(3).fill(['CRASH', /heap out of memory/, 1]),
};

/** Processes whose command line names a fault adapter (the hosts), read from /proc. */
function hostsAlive(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(HOSTS)) out.push(`${pid}: ${cmd}`);
    } catch { /* it ended meanwhile */ }
  }
  return out;
}

describe('faults: every faulty adapter in a host of its own, one CLI run (issue 10, section 4)', function () {
  this.timeout(240000);
  const dir = mkdtempSync(join(tmpdir(), 'pep567-hosts-'));
  const specs = Object.keys(FAULTS).map((f) => join(HOSTS, `${f}.ts`));
  let cli: ReturnType<typeof runCli>;
  let report: Report;

  before(() => {
    cli = runCli(['run', '--impl', 'model', ...specs.flatMap((s) => ['--impl', s]), ...SCENARIOS.flatMap((s) => ['--include', s]),
      '--timeout', '2000', '--report', dir], {
      timeout: 200000,
      env: { PEP567_HOST_START_TIMEOUT_MS: String(START_TIMEOUT_MS), PEP567_HOST_MAX_OLD_SPACE_MB: '64' },
    });
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
  });

  it('exits 1 and writes every report file', () => {
    expect(cli.code, cli.err).to.equal(1);
    for (const f of ['report.json', 'matrix.json', 'matrix.md']) expect(existsSync(join(dir, f)), f).to.equal(true);
    expect(reportErrors(report)).to.deep.equal([]);
    // One folder of failing cells per implementation with a failure: every fault but the ignored rejection.
    expect(readdirSync(join(dir, 'failures')).length).to.equal(Object.keys(FAULTS).length - 1);
  });

  it('gives every scenario of every implementation one status, and the totals add up', () => {
    expect(report.runs.map((r) => r.implementation.spec)).to.deep.equal(['model', ...specs]);
    for (const run of report.runs) {
      expect(run.results.map((r) => r.id), run.implementation.spec).to.deep.equal(SCENARIOS);
      expect(STATUSES.reduce((n, s) => n + run.counts[s], 0)).to.equal(SCENARIOS.length);
    }
    const total = STATUSES.reduce((n, s) => n + report.counts[s], 0);
    expect(total).to.equal(SCENARIOS.length * (specs.length + 1));
    expect(report.summary.passed + report.summary.failed + report.summary.skipped).to.equal(total);
  });

  it('passes the model on every scenario', () => {
    expect(report.runs[0]!.results.map((r) => r.status)).to.deep.equal(['PASS', 'PASS', 'PASS']);
  });

  for (const [fault, expected] of Object.entries(FAULTS)) {
    it(`${fault}: ${[...new Set(expected.map((e) => e[0]))].join(', ')}`, () => {
      const run = report.runs.find((r) => r.implementation.spec.endsWith(`/${fault}.ts`))!;
      run.results.forEach((r: ScenarioResult, i) => {
        const [status, message, kept] = expected[i]!;
        expect(r.status, `${fault} on ${r.id}: ${r.error ?? ''}`).to.equal(status);
        if (message) expect(r.error, `${fault} on ${r.id}`).to.match(message);
        if (kept !== undefined) expect(r.partial?.observations, `${fault} on ${r.id}: observations kept`).to.have.length(kept);
      });
    });
  }

  it('keeps the observation made before a crash, and shows a stall beside what CPython did next', () => {
    const crashed = report.runs.find((r) => r.implementation.spec.endsWith('/exit-0.ts'))!.results[0]!;
    expect(crashed.partial!.observations[0]).to.include({ task: 'main', op: 'get' });
    const stalled = report.runs.find((r) => r.implementation.spec.endsWith('/stall.ts'))!.results[2]!;
    expect(stalled.partial!.observations).to.deep.equal([{ task: 'main/A', seq: 0, step: '/program/2/body/0', op: 'get', value: 'first' }]);
    expect(stalled.partial!.waiting).to.deep.equal([
      { task: 'main/A', step: '/program/2/body/2', op: 'event_wait', cpythonNext: { task: 'main/A', seq: 1, step: '/program/2/body/3', op: 'get', value: 'first' } },
      { task: 'main', step: '/program/3', op: 'event_wait', cpythonNext: { task: 'main', seq: 0, step: '/program/7', op: 'get', value: 'second' } },
    ]);
    expect(stalled.error).to.contain('main waits at /program/3 (event_wait); CPython did next: get at /program/7, "second"');
    const diverged = report.runs.find((r) => r.implementation.spec.endsWith('/stall-after-throw.ts'))!.results[2]!;
    expect(diverged.divergence).to.include({ task: 'main/A', seq: 1, reason: 'op' });
    expect(diverged.divergence!.actual).to.deep.include({ op: 'end', error: { kind: 'TypeError', message: 'cannot set' } });
  });

  it('names the module that never finished loading in one line on stderr', () => {
    expect(cli.err).to.match(/^pep567: .*hang-at-import\.ts: the host did not finish loading within 8000 ms$/m);
  });

  it('leaves no host process alive', () => {
    expect(hostsAlive()).to.deep.equal([]);
  });
});

describe('faults: a stall with --in-process', function () {
  this.timeout(120000);

  // In process the stall is seen as the host sees it (every task waits, nothing is scheduled): STALLED
  // at once, the verdict the host gives, not a TIMEOUT waited out.
  it('is STALLED, as in its host, never Node exiting with 13 ("unsettled top-level await") and no report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pep567-inprocess-stall-'));
    const r = runCli(['run', '--in-process', '--impl', join(HOSTS, 'stall.ts'), '--impl', 'model',
      '--include', 'tasks/parent-later-changes-unseen', '--timeout', '500', '--report', dir]);
    expect(r.code, r.err).to.equal(1);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.runs.map((run) => run.results[0]!.status)).to.deep.equal(['STALLED', 'PASS']);
  });
});
