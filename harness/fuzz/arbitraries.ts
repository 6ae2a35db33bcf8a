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
import { DEFAULT_LIMITS, rawArbitraries, type Profile, type RawLimits } from './raw.ts';

export { DEFAULT_LIMITS, PROFILES, type Profile, type RawLimits } from './raw.ts';

/** `gate`: the operations the implementation and the oracle both have (gate.ts); every one by default. */
export function programArb(limits: RawLimits = DEFAULT_LIMITS, profile: Profile = 'full', gate: Gate = OPEN): fc.Arbitrary<AsyncOp[]> {
  return rawArbitraries(limits, profile, gate).program.map((raw) => buildProgram(raw, gate));
}

export function scenarioArb(limits: RawLimits = DEFAULT_LIMITS, profile: Profile = 'full', gate: Gate = OPEN): fc.Arbitrary<Scenario> {
  return programArb(limits, profile, gate).map((p) => toScenario(p));
}

/** Number of operations in a program, nested bodies included. */
export function sizeOf(program: AsyncOp[]): number {
  return opsOf(program).length;
}
