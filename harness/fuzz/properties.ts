/**
 * The properties, as fast-check async properties over generated programs: the differential one
 * (an implementation against an oracle) and the laws that need no oracle. The CLI (`pep567 fuzz`)
 * and the specs under suites/properties/ use the same definitions.
 */
import fc from 'fast-check';
import { compareObservations, formatDivergence } from '../compare/index.ts';
import type { AsyncOp, Scenario } from '../format/scenario.ts';
import type { Observation } from '../format/trace.ts';
import { programArb, programsWhere } from './arbitraries.ts';
import type { RawOp } from './raw.ts';
import { toScenario } from './build.ts';
import { orderFree, copyRun, copyRunChoice, sleepChoice, withSleeps, setResetChoice, setThenReset, otherTaskValues, mayHaveTaskValues, type Transformed } from './laws.ts';
import type { Adapter } from '../contract/adapter.ts';
import { adapterObserver, type Observed, type Observer } from './observe.ts';
import { scheduledObserver } from './scheduled.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each law draws its own choice type
export type FuzzProperty = fc.IAsyncPropertyWithHooks<any>;

/** How many generated programs a property really checked, and how many did not apply (unsupported features, a law with nothing to change). */
export interface Tally { checked: number; skipped: number }
const noTally = (): Tally => ({ checked: 0, skipped: 0 });

/** Thrown by a property when it finds a counterexample; the message says what diverged. */
export class PropertyFailure extends Error {
  override name = 'PropertyFailure';
}

async function mustObserve(o: Observer, s: Scenario, role: string): Promise<Observation[] | undefined> {
  const r: Observed = await o.observe(s);
  if (r.kind === 'unsupported') return undefined;
  if (r.kind === 'error') throw new PropertyFailure(`${role} ${o.name} could not run the program: ${r.message}`);
  return r.observations;
}

function sameObservations(expected: Observation[], actual: Observation[], what: string): void {
  const c = compareObservations(expected, actual, { level: 'semantic' });
  if (!c.pass) throw new PropertyFailure(`${what}\n${formatDivergence(c.divergence!)}`);
}

/** The implementation's per-task traces equal the oracle's, at the semantic level. */
export function differential(impl: Observer, oracle: Observer, arb = programArb(), tally: Tally = noTally()) {
  return fc.asyncProperty(arb, async (program) => {
    const s = toScenario(program);
    const expected = await mustObserve(oracle, s, 'the oracle');
    if (!expected) { tally.skipped++; return; }
    const actual = await mustObserve(impl, s, 'the implementation');
    if (!actual) { tally.skipped++; return; }
    sameObservations(expected, actual, `${impl.name} differs from ${oracle.name}`);
    tally.checked++;
  });
}

function lawProperty<C>(impl: Observer, law: string, choice: fc.Arbitrary<C>, transform: (p: AsyncOp[], c: C) => Transformed | undefined, arb: fc.Arbitrary<AsyncOp[]>, tally: Tally) {
  return fc.asyncProperty(arb, choice, async (program, c) => {
    const t = transform(program, c);
    if (!t) { tally.skipped++; return; }
    const before = await mustObserve(impl, toScenario(program), 'the implementation');
    if (!before) { tally.skipped++; return; }
    const after = await mustObserve(impl, toScenario(t.program), 'the implementation');
    if (!after) { tally.skipped++; return; }
    sameObservations(t.keepOriginal(before), t.keepTransformed(after), `${law}\nchanged program: ${JSON.stringify(t.program)}`);
    tally.checked++;
  });
}

interface Law<C> {
  message: string;
  choice: fc.Arbitrary<C>;
  transform: (p: AsyncOp[], c: C) => Transformed | undefined;
  /** Programs the law can say something about; the others are filtered out rather than run for nothing. */
  applies?: (p: AsyncOp[]) => boolean;
  /** A condition on the skeleton that every program `applies` to meets: the others are not even built (programsWhere). */
  mayApply?: (raw: RawOp[]) => boolean;
}
const law = <C>(l: Law<C>): Law<unknown> => l as Law<unknown>;

/** The laws: what each checks, the choices it draws, and the program change it makes. */
export const LAW_DEFS = {
  'set-then-reset': law({ message: 'law: a set then its reset, inserted in main, changed an observation', choice: setResetChoice, transform: setThenReset, applies: (p) => p.some((op) => op.op === 'var') }),
  'copy-run': law({ message: 'law: a block run in copy_context().run changed an observation outside it', choice: copyRunChoice, transform: copyRun }),
  'interleavings': law({ message: 'law: sleeps that change how tasks interleave changed a task\'s observations in a program without ordering dependencies', choice: sleepChoice, transform: withSleeps, applies: orderFree }),
  'no-sibling-bleed': law({ message: "law: changing the values one task sets in its own context changed another task's observations", choice: fc.nat({ max: 7 }), transform: otherTaskValues, applies: (p) => otherTaskValues(p, 0) !== undefined, mayApply: mayHaveTaskValues }),
};

export const LAWS = Object.fromEntries(Object.entries(LAW_DEFS).map(([name, l]) =>
  [name, (impl: Observer, arb = programArb(), tally = noTally()) => lawProperty(impl, l.message, l.choice, l.transform, l.applies ? programsWhere(arb, l.applies, l.mayApply) : arb, tally)])) as
  Record<keyof typeof LAW_DEFS, (impl: Observer, arb?: fc.Arbitrary<AsyncOp[]>, tally?: Tally) => FuzzProperty>;
export type LawName = keyof typeof LAWS;
export const LAW_NAMES = Object.keys(LAWS) as LawName[];

/**
 * For programs without ordering dependencies, every task's observations are the same under every
 * interleaving fc.scheduler picks (for adapters that can be driven by it: see scheduled.ts).
 */
export function scheduledInterleavings(adapter: Adapter, arb = programArb(), tally: Tally = noTally()): FuzzProperty {
  const plain = adapterObserver(adapter);
  // Extra sleeps first (as in the interleavings law): more places where the scheduler can choose.
  return fc.asyncProperty(arb.filter(orderFree), sleepChoice, fc.scheduler(), async (original, picks, s) => {
    const scenario = toScenario(withSleeps(original, picks)!.program);
    const before = await mustObserve(plain, scenario, 'the implementation');
    if (!before) { tally.skipped++; return; }
    const after = await mustObserve(scheduledObserver(adapter, s), scenario, 'the implementation under fc.scheduler');
    if (!after) { tally.skipped++; return; }
    sameObservations(before, after, `law: another interleaving (fc.scheduler) changed a task's observations in a program without ordering dependencies\nprogram: ${JSON.stringify(scenario.program)}\nscheduler released: ${s.report().map((r) => r.label).join(', ')}`);
    tally.checked++;
  });
}
