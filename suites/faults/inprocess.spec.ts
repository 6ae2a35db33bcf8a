import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { canonicalReference } from '../../harness/traces/traces.ts';
import { STATUSES, countStatuses, type Report, type Status } from '../../harness/report/report.ts';
import { runAll } from '../../harness/run/run.ts';
import { applySelection, loadScenarios } from '../../harness/run/select.ts';
import { writeOutputs } from '../../harness/run/output.ts';
import { insideReport } from '../../harness/run/paths.ts';
import { pep567, ROOT } from '../support/cli.ts';
import { planFactory, seenStores, sharedStore, ticks, type Behaviour } from './support/misbehaving-adapter.ts';

const reference = canonicalReference()!;
const scenarios = applySelection(loadScenarios(), { include: 'getset/**' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runPlan(plan: Behaviour[]) {
  const implementation = { spec: 'misbehaving', kind: 'module' as const, createAdapter: planFactory(plan) };
  return runAll({ implementation, reference, level: 'semantic', scenarios, timeoutMs: 150 });
}

describe('faults: a misbehaving in-process adapter', function () {
  this.timeout(30000);

  it('has twelve getset scenarios to misbehave on', () => {
    expect(scenarios.map((s) => s.id)).to.have.length(12);
  });

  it('turns each fault into ERROR, STALLED or TIMEOUT for its scenario only, and loses no result', async () => {
    const plan: [Behaviour, Status, RegExp?][] = [
      ['ok', 'PASS'],
      ['throw-plain-object', 'ERROR', /not/],
      // As in a host: every task waits and nothing is scheduled (not a timeout: the same verdict in both modes).
      ['never-settle', 'STALLED', /every task waits and nothing is scheduled/],
      ['ok', 'PASS'],
      ['leave-interval', 'ERROR', /left 1 timer/],
      ['ok', 'PASS'],
      ['reject-non-error', 'ERROR', /42/],
      ['throw-string', 'ERROR', /a bare string/],
      ['hang-then-timer', 'TIMEOUT', /did not finish/],
      ['enter-with-leak', 'PASS'],
      ['ok', 'PASS'],
      ['factory-throws', 'ERROR', /could not create the adapter: .*this adapter cannot be created/],
    ];
    seenStores.length = 0;
    const run = await runPlan(plan.map(([b]) => b));
    expect(run.results.map((r) => r.id)).to.deep.equal(scenarios.map((s) => s.id));
    run.results.forEach((r, i) => {
      const [b, status, message] = plan[i]!;
      expect(r.status, `${b} on ${r.id}: ${r.error ?? ''}`).to.equal(status);
      if (message) expect(r.error, b).to.match(message);
    });
    const counts = countStatuses(run.results);
    expect(counts).to.deep.equal({ ...Object.fromEntries(STATUSES.map((s) => [s, 0])), PASS: 5, ERROR: 5, STALLED: 1, TIMEOUT: 1 });
    expect(STATUSES.reduce((n, s) => n + run.counts[s], 0)).to.equal(scenarios.length);
    expect(run.summary).to.deep.equal({ passed: 5, failed: 7, skipped: 0 });

    // No leaked context: neither the harness nor the adapters after the leak saw the store.
    expect(sharedStore.getStore()).to.equal(undefined);
    expect(seenStores).to.deep.equal(Array(8).fill(undefined));
    // No leaked timers: the interval and the hung scenario's timer were cancelled with their scenario.
    const before = ticks.count;
    await sleep(600);
    expect(ticks.count).to.equal(before);
    expect(ticks.count).to.be.below(1000);
  });

  it('survives throws of values that are not Errors, even unprintable ones, and stray rejections', async () => {
    const run = await runPlan(['ok', 'throw-unprintable', 'runmain-throws-symbol', 'stray-rejection', 'ok']);
    expect(run.results.map((r) => r.status)).to.deep.equal(['PASS', 'ERROR', 'ERROR', 'PASS', ...Array(8).fill('PASS')]);
    expect(run.results[2]!.error).to.contain('Symbol(odd)');
  });

  it('charges a callback that throws after an operation to its scenario: ERROR, and the process survives', () => {
    const report = mkdtempSync(join(tmpdir(), 'pep567-faults-'));
    const r = pep567('run', '--impl', join(ROOT, 'suites', 'faults', 'support', 'timer-throw-adapter.ts'),
      '--include', 'getset/get-lookup-order', '--include', 'getset/set-none-stores-none', '--report', report);
    expect(r.code, r.err).to.equal(1);
    expect(r.out).to.contain('ERROR getset/get-lookup-order');
    expect(r.out).to.contain('thrown from a stray callback');
    expect(r.out.trimEnd().split('\n').at(-1)).to.equal('0 passed, 2 failed (2 ERROR), 0 skipped');
    const rep = JSON.parse(readFileSync(join(report, 'report.json'), 'utf8')) as Report;
    expect(rep.runs[0]!.results.map((x) => x.status)).to.deep.equal(['ERROR', 'ERROR']);
  });
});

describe('faults: output paths from hostile scenario ids', () => {
  const hostile = ['../../../etc/passwd', '/etc/passwd', 'a/../../b', '..', '.', '', 'C:\\Windows\\x', 'a\u0000b/\u001b[31m', '%2e%2e/%2f', 'x/'.repeat(50) + 'y', '\u202e/..\u2028', '…/../..'];

  it('insideReport keeps every path under its base folder', () => {
    const base = mkdtempSync(join(tmpdir(), 'pep567-paths-'));
    for (const id of hostile) for (const spec of ['model', '../..', '/abs', 'python:/usr/bin/python3']) {
      const p = insideReport(base, [spec], id);
      const rel = relative(base, p);
      expect(rel.split(sep).includes('..') || rel.startsWith(sep), `${JSON.stringify(id)} -> ${p}`).to.equal(false);
      expect(p.startsWith(base + sep)).to.equal(true);
    }
  });

  it('a report whose failing results have hostile ids writes only inside the report folder', () => {
    const parent = mkdtempSync(join(tmpdir(), 'pep567-hostile-'));
    const dir = join(parent, 'report');
    const results = hostile.map((id) => ({ id, area: 'x', title: 't', features: [], status: 'ERROR' as const, reference: 'cpython-3.13.0', level: 'semantic' as const, error: 'boom', durationMs: 0 }));
    const counts = countStatuses(results);
    const report: Report = {
      format: 'pep567-report/2', createdAt: new Date().toISOString(), harness: { interpreter: '1', contract: '1' }, level: 'semantic',
      selection: { include: [], exclude: [], features: [], excludeFeatures: [], chunk: null, scenarios: results.length }, timeoutMs: 1, repeat: 1,
      runs: [{ implementation: { spec: '../../evil', name: 'evil', version: '1', kind: 'adapter' }, reference: { dir: 'cpython-3.13.0', name: 'cpython', version: '3.13.0', chosen: 'explicit' }, level: 'semantic', counts, summary: { passed: 0, failed: results.length, skipped: 0 }, results }],
      counts, summary: { passed: 0, failed: results.length, skipped: 0 },
    };
    const written = writeOutputs(report, dir);
    expect(written.failures).to.have.length(hostile.length);
    expect(new Set(written.failures).size).to.equal(hostile.length);
    expect(readdirSync(parent)).to.deep.equal(['report']);
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]);
    for (const f of walk(parent)) expect(f.startsWith(dir + sep)).to.equal(true);
    for (const f of written.failures) expect(existsSync(f)).to.equal(true);
  });
});
