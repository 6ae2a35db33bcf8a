/**
 * fast-check arbitraries of whole scenario programs. Generation and shrinking work on raw
 * skeletons (raw.ts); build.ts maps every skeleton to a well-formed program, so a shrunk
 * counterexample is always a valid scenario.
 */
import fc from 'fast-check';
import { opsOf } from './ops.ts';
import type { AsyncOp, Scenario } from '../format/scenario.ts';
import { buildProgram, toScenario } from './build.ts';
import { OPEN, type Gate } from './gate.ts';
import { DEFAULT_LIMITS, rawArbitraries, type Profile, type RawLimits, type RawOp } from './raw.ts';

export { DEFAULT_LIMITS, PROFILES, type Profile, type RawLimits } from './raw.ts';

/** The skeletons and gate each program arbitrary was built from (programsWhere filters the skeletons). */
const SKELETONS = new WeakMap<fc.Arbitrary<AsyncOp[]>, { raw: fc.Arbitrary<RawOp[]>; gate: Gate }>();

/** `gate`: the operations the implementation and the oracle both have (gate.ts); every one by default. */
export function programArb(limits: RawLimits = DEFAULT_LIMITS, profile: Profile = 'full', gate: Gate = OPEN): fc.Arbitrary<AsyncOp[]> {
  const raw = rawArbitraries(limits, profile, gate).program;
  const arb = raw.map((r) => buildProgram(r, gate));
  SKELETONS.set(arb, { raw, gate });
  return arb;
}

/**
 * The programs of `arb` for which `applies` holds: the same programs, in the same order and with
 * the same shrinks, as `arb.filter(applies)`. `mayApply`, a condition on the skeleton that every
 * program `applies` to meets, is checked first, so skeletons that cannot apply are never built
 * (a rejected program costs a whole build; a law that applies to one program in eight built eight).
 * Generating a skeleton draws the same randomness whatever is kept, so filtering before the build
 * keeps fast-check's sequence. suites/properties/prefilter.spec.ts holds every `mayApply` to this.
 */
export function programsWhere(arb: fc.Arbitrary<AsyncOp[]>, applies: (p: AsyncOp[]) => boolean, mayApply?: (raw: RawOp[]) => boolean): fc.Arbitrary<AsyncOp[]> {
  const known = mayApply && SKELETONS.get(arb);
  if (!known) return arb.filter(applies);
  return known.raw.filter(mayApply).map((r) => buildProgram(r, known.gate)).filter(applies);
}

export function scenarioArb(limits: RawLimits = DEFAULT_LIMITS, profile: Profile = 'full', gate: Gate = OPEN): fc.Arbitrary<Scenario> {
  return programArb(limits, profile, gate).map((p) => toScenario(p));
}

/** Number of operations in a program, nested bodies included. */
export function sizeOf(program: AsyncOp[]): number {
  return opsOf(program).length;
}
