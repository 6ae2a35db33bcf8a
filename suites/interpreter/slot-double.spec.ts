/**
 * The await discipline, seen by a library that loses its context at every native await
 * (issue 10 §1 (a)): the slot test double (support/slot-adapter.ts) keeps its current context in a
 * plain variable, restored only around runs, task first steps and callbacks. A scenario whose
 * operations all run in such a synchronous stretch must PASS on it; one with an operation that
 * needs the context after an await of its body must FAIL, with the NoContext error in its trace,
 * never ERROR. An interpreter adding an await of its own between two operations makes the first
 * kind fail, one that skipped an await makes the second kind pass.
 */
import { expect } from 'chai';
import { formatDivergence } from '../../harness/compare/describe.ts';
import { NO_CONTEXT } from '../../harness/contract/adapter.ts';
import { loadAll } from '../../harness/scenarios/load.ts';
import { inRange } from '../../harness/primitives/version-range.ts';
import { canonicalReference, loadTrace } from '../../harness/traces/traces.ts';
import { crossesAwait } from '../harness/support/await-points.ts';
import { SLOT_DOUBLE, slotVerdict, type AwaitLosingDouble } from '../harness/support/slot-run.ts';
import { createListenerAdapter, pendingWork as listenerPending } from '../harness/support/listener-adapter.ts';

const LISTENER_DOUBLE: AwaitLosingDouble = { create: createListenerAdapter, pendingWork: listenerPending };

const reference = canonicalReference()!;
const scenarios = loadAll().scenarios.filter((s) => inRange(reference.version, s.scenario.python));

const DOUBLES: [string, AwaitLosingDouble][] = [
  ['a library whose context is a plain slot, lost at every native await', SLOT_DOUBLE],
  ['an async-listener-style library (wraps the scheduling functions, loses its context at native awaits)', LISTENER_DOUBLE],
];

for (const [what, double] of DOUBLES) describe(`await discipline: ${what}`, function () {
  this.timeout(120_000);
  const tally = { pass: 0, fail: 0 };

  for (const s of scenarios) {
    const { crosses, where } = crossesAwait(s.scenario);
    it(`${s.id}: ${crosses ? `FAIL (context needed after an await, at ${where})` : 'PASS (no await before any use of the context)'}`, async function () {
      const v = await slotVerdict(s, loadTrace(reference, s.id)!, double);
      if (v.status === 'UNSUPPORTED') this.skip();
      expect(v.problems, 'problems (ERROR)').to.deep.equal([]);
      const shown = v.comparison?.divergence ? `\n${formatDivergence(v.comparison.divergence)}` : '';
      if (!crosses) {
        expect(v.status, `expected PASS${shown}`).to.equal('PASS');
        tally.pass++;
      } else {
        expect(v.status, 'expected FAIL').to.equal('FAIL');
        expect(v.observations.some((o) => o.error?.kind === NO_CONTEXT), `a ${NO_CONTEXT} observation in the trace${shown}`).to.equal(true);
        tally.fail++;
      }
    });
  }

  it('judged both kinds, many of each (the split is not vacuous)', () => {
    expect(tally.pass, 'scenarios passing').to.be.greaterThan(50);
    expect(tally.fail, 'scenarios failing').to.be.greaterThan(50);
  });
});
