/**
 * Raw program skeletons: trees of operations whose references are small integers, not names.
 * fast-check generates and shrinks these; harness/fuzz/build.ts turns any skeleton into a
 * well-formed scenario, so every shrink step still yields a valid program.
 */
import fc from 'fast-check';
import type { RaisableKind, Value } from '../format/scenario.ts';

export type MapRead = 'getitem' | 'contains' | 'get' | 'len' | 'keys' | 'values' | 'items';

/** A choice among whatever names are visible; resolved modulo their count. */
export type Pick = number;

export type RawOp =
  | { k: 'var'; dflt?: Value }
  | { k: 'get'; v: Pick; dflt?: Value }
  | { k: 'set'; v: Pick; value: Value; token: boolean }
  /** own: reset the token's own variable; otherwise the variable picked by v. */
  | { k: 'reset'; t: Pick; v: Pick; own: boolean }
  | { k: 'token_var'; t: Pick }
  | { k: 'token_old_value'; t: Pick }
  | { k: 'copy_context' }
  | { k: 'new_context' }
  | { k: 'ctx_copy'; c: Pick }
  | { k: 'run'; c: Pick; body: RawOp[] }
  | { k: 'map'; read: MapRead; c: Pick; v: Pick; dflt?: Value }
  | { k: 'ctx_eq'; a: Pick; b: Pick }
  | { k: 'raise'; kind: RaisableKind; message: string }
  | { k: 'try'; body: RawOp[] }
  /** c: context= when a number; grouped: tg.create_task when directly in a task group body; waitAt: where its event_wait goes. */
  | { k: 'create_task'; body: RawOp[]; c: Pick | null; grouped: boolean; waitAt: number | null; setAfter: number }
  | { k: 'call_soon'; body: RawOp[]; c: Pick | null }
  | { k: 'sleep' }
  | { k: 'await_task'; t: Pick }
  | { k: 'call'; body: RawOp[] }
  | { k: 'gather'; children: RawOp[][] }
  | { k: 'task_group'; body: RawOp[] }
  /** The scoped binding (with_value). */
  | { k: 'with_value'; v: Pick; value: Value; body: RawOp[] };

/**
 * Which programs to generate. `full`: every portable operation, with_value mixed with set and
 * tokens (reference/corpus/ holds programs of this profile from before it had with_value).
 * `run-scoped`: the form every context library can express: bindings only through with_value, no
 * set and no tokens.
 */
export type Profile = 'full' | 'run-scoped';
export const PROFILES: readonly Profile[] = ['full', 'run-scoped'];

export interface RawLimits {
  /** Nesting depth of bodies. */
  depth: number;
  /** Most operations in the main program's body. */
  topLength: number;
  /** Most operations in a nested body. */
  bodyLength: number;
}

export const DEFAULT_LIMITS: RawLimits = { depth: 3, topLength: 9, bodyLength: 4 };

const pick = fc.nat({ max: 7 });
export const valueArb: fc.Arbitrary<Value> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 9 }) },
  { weight: 2, arbitrary: fc.constantFrom('a', 'b', 'x') },
  { weight: 1, arbitrary: fc.constant(null) },
);
const maybeDefault = fc.option(valueArb, { nil: undefined, freq: 2 });
const raiseKind = fc.constantFrom<RaisableKind>('ValueError', 'RuntimeError', 'LookupError', 'TypeError');

/** Leaf operations: allowed in every body. Weights favour the variable and token operations. */
function leafOps(profile: Profile): fc.Arbitrary<RawOp>[] {
  const vars: fc.Arbitrary<RawOp>[] = [
    fc.record({ k: fc.constant('var' as const), dflt: maybeDefault }, { requiredKeys: ['k'] }),
    fc.record({ k: fc.constant('get' as const), v: pick, dflt: maybeDefault }, { requiredKeys: ['k', 'v'] }),
  ];
  if (profile === 'run-scoped') return [...vars, ...vars, ...contextLeaves()];
  return [
    ...vars,
    fc.record({ k: fc.constant('set' as const), v: pick, value: valueArb, token: fc.boolean() }),
    fc.record({ k: fc.constant('set' as const), v: pick, value: valueArb, token: fc.constant(true) }),
    fc.record({ k: fc.constant('reset' as const), t: pick, v: pick, own: fc.boolean() }),
    fc.record({ k: fc.constant('reset' as const), t: pick, v: pick, own: fc.constant(true) }),
    fc.record({ k: fc.constant('token_var' as const), t: pick }),
    fc.record({ k: fc.constant('token_old_value' as const), t: pick }),
    ...contextLeaves(),
  ];
}

/** Leaves about contexts and errors, shared by the profiles. */
function contextLeaves(): fc.Arbitrary<RawOp>[] {
  return [
    fc.constant({ k: 'copy_context' as const }),
    fc.constant({ k: 'new_context' as const }),
    fc.record({ k: fc.constant('ctx_copy' as const), c: pick }),
    fc.record({
      k: fc.constant('map' as const),
      read: fc.constantFrom<MapRead>('getitem', 'contains', 'get', 'len', 'keys', 'values', 'items'),
      c: pick, v: pick, dflt: maybeDefault,
    }, { requiredKeys: ['k', 'read', 'c', 'v'] }),
    fc.record({ k: fc.constant('ctx_eq' as const), a: pick, b: pick }),
    fc.record({ k: fc.constant('raise' as const), kind: raiseKind, message: fc.constantFrom('boom', 'oops') }),
  ];
}

const asyncLeaves = (): fc.Arbitrary<RawOp>[] => [
  fc.constant({ k: 'sleep' as const }),
  fc.record({ k: fc.constant('await_task' as const), t: pick }),
];

/** Bodies by kind and remaining depth, built once per limits (the arbitraries are reusable). */
export function rawArbitraries(limits: RawLimits = DEFAULT_LIMITS, profile: Profile = 'full'): { program: fc.Arbitrary<RawOp[]> } {
  const memo = new Map<string, fc.Arbitrary<RawOp[]>>();
  const body = (kind: 'sync' | 'async', depth: number, max: number): fc.Arbitrary<RawOp[]> => {
    const key = `${kind}/${depth}/${max}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const ops: fc.Arbitrary<RawOp>[] = [...leafOps(profile)];
    if (kind === 'async') ops.push(...asyncLeaves());
    if (depth > 0) {
      const syncBody = body('sync', depth - 1, limits.bodyLength);
      const asyncBody = body('async', depth - 1, limits.bodyLength);
      const ctxChoice = fc.option(pick, { nil: null, freq: 3 });
      ops.push(
        fc.record({ k: fc.constant('run' as const), c: pick, body: syncBody }),
        fc.record({ k: fc.constant('run' as const), c: pick, body: syncBody }),
        fc.record({ k: fc.constant('try' as const), body: kind === 'async' ? asyncBody : syncBody }),
        fc.record({ k: fc.constant('call_soon' as const), body: syncBody, c: ctxChoice }),
        fc.record({
          k: fc.constant('create_task' as const), body: asyncBody, c: ctxChoice, grouped: fc.boolean(),
          waitAt: fc.option(fc.nat({ max: 3 }), { nil: null, freq: 3 }), setAfter: fc.nat({ max: 3 }),
        }),
      );
      if (kind === 'async') ops.push(
        fc.record({ k: fc.constant('create_task' as const), body: asyncBody, c: ctxChoice, grouped: fc.boolean(), waitAt: fc.constant(null), setAfter: fc.constant(0) }),
        fc.record({ k: fc.constant('call' as const), body: asyncBody }),
        fc.record({ k: fc.constant('gather' as const), children: fc.array(asyncBody, { minLength: 1, maxLength: 3 }) }),
        fc.record({ k: fc.constant('task_group' as const), body: asyncBody }),
      );
      // with_value is in both profiles: in `full` beside set, reset and tokens on the same variables
      // (a scope after a set, a set inside a scope, a token made inside a scope reset outside it).
      const scoped = fc.record({ k: fc.constant('with_value' as const), v: pick, value: valueArb, body: kind === 'async' ? asyncBody : syncBody });
      if (profile === 'run-scoped') ops.push(scoped, scoped, scoped);
      else ops.push(scoped);
    }
    const arb = fc.array(fc.oneof(...ops), { maxLength: max });
    memo.set(key, arb);
    return arb;
  };
  return { program: body('async', limits.depth, limits.topLength) };
}
