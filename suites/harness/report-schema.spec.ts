import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { canonicalReference } from '../../harness/traces/traces.ts';
import { addCounts, EXPECTATION_OUTCOMES, REPORT_FORMAT, REPORT_FORMATS_READ, STATUSES, summarize, type Report } from '../../harness/report/report.ts';
import { REPORT_SCHEMA_FILE, reportErrors } from '../../harness/report/schema/validate.ts';
import { applyExpectations } from '../../harness/run/expectations.ts';
import { runAll, runReport } from '../../harness/run/run.ts';
import { applySelection, loadScenarios } from '../../harness/run/select.ts';
import { planFactory } from '../faults/support/misbehaving-adapter.ts';
import { flakyImplementation } from '../support/flaky.ts';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('report.json schema (pep567-report/2.1)', function () {
  this.timeout(60000);
  const schema = JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8'));
  let report: Report;

  before(async () => {
    // Real runs covering every status this process can produce: PASS, FAIL, UNSUPPORTED,
    // SEMANTICS_DIFFER, SKIPPED (node-als, asynccontext), ERROR and TIMEOUT (a misbehaving adapter),
    // an unstable result (--repeat) and expectation outcomes.
    report = await runReport({ specs: ['model', 'node-als', 'asynccontext'], level: 'semantic', select: {} });
    const reference = canonicalReference()!;
    const scenarios = applySelection(loadScenarios(), { include: 'getset/**' });
    const faulty = await runAll({ implementation: { spec: 'misbehaving', kind: 'module', createAdapter: planFactory(['ok', 'hang-then-timer', 'throw-string']) }, reference, level: 'semantic', scenarios, timeoutMs: 100 });
    const flaky = await runAll({
      implementation: flakyImplementation((n) => n % 2 === 1),
      reference, level: 'semantic', scenarios: applySelection(loadScenarios(), { include: 'tasks/child-changes-invisible-to-parent' }), repeat: 2,
    });
    report.runs.push(faulty, flaky);
    report.counts = addCounts(report.runs.map((r) => r.counts));
    report.summary = summarize(report.counts);
    applyExpectations(report, [], false);
  });

  it('lists exactly the statuses and outcomes of harness/report/report.ts', () => {
    expect(schema.definitions.status.enum).to.deep.equal(STATUSES);
    expect(schema.properties.format.enum).to.deep.equal([...REPORT_FORMATS_READ]);
    expect(REPORT_FORMATS_READ).to.include(REPORT_FORMAT);
    expect(schema.properties.expectations.properties.counts.required).to.deep.equal(EXPECTATION_OUTCOMES);
  });

  it('accepts real reports with every status the in-process harness produces', () => {
    const seen = new Set(report.runs.flatMap((r) => r.results.map((x) => x.status)));
    for (const s of ['PASS', 'FAIL', 'UNSUPPORTED', 'SEMANTICS_DIFFER', 'SKIPPED', 'ERROR', 'TIMEOUT']) expect(seen, s).to.include(s);
    expect(report.runs.at(-1)!.results[0]!.unstable).to.deep.equal(['PASS', 'FAIL']);
    expect(reportErrors(clone(report))).to.deep.equal([]);
  });

  it('accepts CRASH and PROTOCOL_ERROR results of a runner', () => {
    const r = clone(report);
    const run = r.runs[0]!;
    run.implementation.kind = 'runner';
    run.results[0] = { ...run.results[0]!, status: 'CRASH', error: 'the runner exited with code 1' };
    run.results[1] = { ...run.results[1]!, status: 'PROTOCOL_ERROR', error: 'not JSON: "garbage"' };
    expect(reportErrors(r)).to.deep.equal([]);
  });

  for (const [what, spoil, message] of [
    ['version 1', (r: any) => { r.format = 'pep567-report/1'; }, '/format'],
    ['an unknown status', (r: any) => { r.runs[0].results[0].status = 'MAYBE'; }, '/runs/0/results/0/status'],
    ['a FAIL without its divergence', (r: any) => { const x = r.runs[1].results.find((y: any) => y.status === 'FAIL'); delete x.divergence; }, 'divergence'],
    ['a SEMANTICS_DIFFER without its reason', (r: any) => { const x = r.runs[2].results.find((y: any) => y.status === 'SEMANTICS_DIFFER'); delete x.reason; }, 'reason'],
    ['a TIMEOUT without its error', (r: any) => { const x = r.runs[3].results.find((y: any) => y.status === 'TIMEOUT'); delete x.error; }, 'error'],
    ['counts missing a status', (r: any) => { delete r.counts.CRASH; }, 'CRASH'],
    ['a run without its reference choice', (r: any) => { delete r.runs[0].reference.chosen; }, 'chosen'],
    ['an unknown expectation outcome', (r: any) => { r.runs[0].results[0].expectation.outcome = 'meh'; }, 'outcome'],
  ] as const) {
    it(`rejects ${what}`, () => {
      const r = clone(report) as any;
      spoil(r);
      const errors = reportErrors(r);
      expect(errors.join('\n')).to.contain(message);
    });
  }
});
