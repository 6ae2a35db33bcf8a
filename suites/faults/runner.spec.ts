import { expect } from 'chai';
import { runCli } from '../support/cli.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../../harness/primitives/usage-error.ts';
import { listReferences } from '../../harness/traces/traces.ts';
import { RECORDER_PATH } from '../../harness/pythons/python-runner.ts';
import { STATUSES, type Report, type Status } from '../../harness/report/report.ts';
import { runAll } from '../../harness/run/run.ts';
import { applySelection, loadScenarios } from '../../harness/run/select.ts';
import { RunnerClient } from '../../harness/protocol/client.ts';
import { probe } from '../../harness/pythons/pythons.ts';

const RUNNER = resolve(import.meta.dirname, '..', 'runners', 'support', 'misbehaving-runner.py');
const scenarios = applySelection(loadScenarios(), { include: ['getset/**', 'mapping/**'] });

type Behaviour = 'ok' | 'exit' | 'garbage' | 'partial-then-exit' | 'partial-then-silence' | 'oversized'
  | 'silence' | 'wrong-id' | 'unknown-error-kind' | 'refuse' | 'not-utf8' | 'exit-leaving-child';

/** Each fault, the status it must give, and whether the runner must be replaced after it. */
const PLAN: [Behaviour, Status, RegExp, boolean][] = [
  ['ok', 'PASS', /^/, false],
  ['exit', 'CRASH', /exited during the scenario \(exit status 3\)/, true],
  ['garbage', 'PROTOCOL_ERROR', /not JSON: "this is not JSON at all"/, true],
  ['ok', 'PASS', /^/, false],
  ['partial-then-exit', 'PROTOCOL_ERROR', /partial line: 34 bytes without a newline, then the runner exited/, true],
  ['partial-then-silence', 'PROTOCOL_ERROR', /partial line: 34 bytes without a newline, then silence/, true],
  ['oversized', 'PROTOCOL_ERROR', /over the limit of 16777216 bytes/, true],
  ['silence', 'TIMEOUT', /no answer within 1000 ms/, true],
  ['wrong-id', 'PROTOCOL_ERROR', /an answer for scenario "someone\/else"/, true],
  ['unknown-error-kind', 'PROTOCOL_ERROR', /unknown kind "melted"/, true],
  ['refuse', 'ERROR', /scenario-error: refused on purpose/, false],
  ['not-utf8', 'PROTOCOL_ERROR', /not UTF-8/, true],
  ['exit-leaving-child', 'CRASH', /exited during the scenario \(exit status 3\)/, true],
  ['ok', 'PASS', /^/, false],
];

/** Running, not merely a zombie waiting for its (new) parent to reap it. */
function alive(pid: number): boolean {
  try { process.kill(pid, 0); } catch { return false; }
  try { return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'; } catch { return false; }
}

describe('faults: a misbehaving out-of-process runner', function () {
  this.timeout(60000);
  let python3: { version: string } | undefined;
  before(async function () {
    const p = await probe('python3');
    if (typeof p === 'string') this.skip();
    python3 = p as { version: string };
  });

  it('gives every fault its status, restarts the runner after each, and loses no result', async function () {
    const reference = listReferences().find((r) => r.name === 'cpython' && r.version === python3!.version);
    if (!reference) this.skip();
    expect(scenarios.length).to.be.greaterThan(PLAN.length);
    const plan = Object.fromEntries(PLAN.map(([b], i) => [scenarios[i]!.id, b]).filter(([, b]) => b !== 'ok'));
    const starts = join(mkdtempSync(join(tmpdir(), 'pep567-faults-')), 'starts');
    const source = await RunnerClient.open({
      command: { argv: ['python3', RUNNER], env: { ...process.env, RECORDER_DIR: dirname(RECORDER_PATH), FAULT_PLAN: JSON.stringify(plan), FAULT_STARTS: starts } },
    });
    let run;
    try {
      run = await runAll({ source, reference: reference!, level: 'semantic', scenarios, timeoutMs: 1000 });
    } finally {
      await source.close();
    }
    expect(run.results.map((r) => r.id)).to.deep.equal(scenarios.map((s) => s.id));
    run.results.forEach((r, i) => {
      const [b, status, message] = PLAN[i] ?? ['ok', 'PASS', /^/];
      expect(r.status, `${b} on ${r.id}: ${r.error ?? ''}`).to.equal(status);
      if (status !== 'PASS') expect(r.error, b).to.match(message);
    });

    const replaced = PLAN.filter(([, , , restart]) => restart).length;
    expect(source.stats.restarts).to.equal(replaced);
    expect(source.stats.started).to.equal(replaced + 1);
    // The runner's own log of its starts agrees: one process per start, each a different pid.
    const pids = readFileSync(starts, 'utf8').trim().split('\n').map(Number);
    expect(pids).to.deep.equal(source.stats.pids);
    expect(new Set(pids).size).to.equal(pids.length);
    expect(pids.filter(alive), 'runner processes left alive').to.deep.equal([]);
    // What a runner started dies with it, even when it held the runner's stdout open.
    const children = readFileSync(`${starts}.children`, 'utf8').trim().split('\n').map(Number);
    expect(children).to.have.length(1);
    expect(children.filter(alive), 'children of runners left alive').to.deep.equal([]);

    const expected = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
    for (const [, status] of PLAN) expected[status]++;
    expected.PASS += scenarios.length - PLAN.length;
    expect(run.counts).to.deep.equal(expected);
    expect(STATUSES.reduce((n, s) => n + run.counts[s], 0)).to.equal(scenarios.length);
    expect(run.summary.passed + run.summary.failed + run.summary.skipped).to.equal(scenarios.length);
  });

  it('through the CLI (runner:COMMAND): every scenario reported, exit status 1 for the faults, 0 without them', () => {
    const cli = (plan: Record<string, string>) => {
      const out = mkdtempSync(join(tmpdir(), 'pep567-faults-cli-'));
      const r = runCli(['run', '--impl', `runner:python3 ${RUNNER}`, '--include', 'getset/**', '--timeout', '1000', '--report', out], {
        timeout: 120000, env: { RECORDER_DIR: dirname(RECORDER_PATH), FAULT_PLAN: JSON.stringify(plan), FAULT_STARTS: join(out, 'starts') },
      });
      return { status: r.code, output: r.out + r.err, report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report };
    };
    const ids = applySelection(loadScenarios(), { include: 'getset/**' }).map((s) => s.id);
    const faulty = cli({ [ids[1]!]: 'exit', [ids[2]!]: 'garbage', [ids[3]!]: 'silence' });
    expect(faulty.status, faulty.output).to.equal(1);
    const [run] = faulty.report.runs;
    expect(run!.implementation.kind).to.equal('runner');
    expect(run!.results.map((r) => r.id)).to.deep.equal(ids);
    expect(run!.results.slice(0, 5).map((r) => r.status)).to.deep.equal(['PASS', 'CRASH', 'PROTOCOL_ERROR', 'TIMEOUT', 'PASS']);
    expect(run!.counts.PASS).to.equal(ids.length - 3);
    const clean = cli({});
    expect(clean.status, clean.output).to.equal(0);
    expect(clean.report.runs[0]!.counts.PASS).to.equal(ids.length);
  });

  it('refuses a runner that cannot start, saying why', async () => {
    const cases: [string, RegExp][] = [
      ['echo hello', /not JSON: "hello"/],
      ['exit 4', /exited before its handshake \(exit status 4\)/],
      ['echo \'{"protocol":"pep567-runner/2"}\'', /speaks "pep567-runner\/2"/],
      ['sleep 30', /no handshake within 300 ms/],
    ];
    for (const [script, why] of cases) {
      const opening = RunnerClient.open({ command: { argv: ['sh', '-c', script] }, startTimeoutMs: 300 });
      const e = await opening.then(() => undefined, (x: unknown) => x);
      expect(e, script).to.be.instanceOf(UsageError);
      expect((e as Error).message, script).to.match(why);
    }
  });

  it('runs the recorder itself through the same client', async () => {
    const source = await RunnerClient.open({ command: { argv: ['python3', RECORDER_PATH, '--serve'] } });
    try {
      expect(source.info).to.include({ name: 'cpython', version: python3!.version, kind: 'runner' });
      const r = await source.run(scenarios[0]!, { timeoutMs: 5000 });
      expect(r.trace?.scenario).to.equal(scenarios[0]!.id);
      expect(source.stats).to.include({ started: 1, restarts: 0 });
    } finally {
      await source.close();
    }
  });
});
