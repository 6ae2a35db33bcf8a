/**
 * Raw program skeletons: trees of operations whose references are small integers, not names.
 * fast-check generates and shrinks these; harness/fuzz/build.ts turns any skeleton into a
 * well-formed scenario, so every shrink step still yields a valid program.
 */
import fc from 'fast-check';
import type { OpName, RaisableKind, Value } from '../format/scenario.ts';
import { allows, OPEN, type Gate } from './gate.ts';
import { derivedArbitraries, type DerivedRaw, type Pool } from './derive.ts';

export type MapRead = 'getitem' | 'contains' | 'get' | 'len' | 'keys' | 'values' | 'items';
const MAP_READS: readonly MapRead[] = ['getitem', 'contains', 'get', 'len', 'keys', 'values', 'items'];

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
  /**
   * c: context= when a number; grouped: tg.create_task when directly in a task group body; waitAt: where its
   * event_wait (or future_await) goes; fut: 0 an event, 1 a new future, 2 the future another task waits on.
   */
  | { k: 'create_task'; body: RawOp[]; c: Pick | null; grouped: boolean; waitAt: number | null; setAfter: number; fut?: number }
  | { k: 'call_soon'; body: RawOp[]; c: Pick | null }
  | { k: 'call_later'; body: RawOp[]; c: Pick | null }
  /** A detached task: its body never suspends, and its creator sleeps right after making it. */
  | { k: 'detached'; body: RawOp[]; c: Pick | null }
  | { k: 'task_get_context'; t: Pick }
  /**
   * task.cancel(): t picks among the tasks the builder may cancel; msg: with a message where the program needs 3.9+ anyway.
   * Derived from an await_task (build.ts), not drawn: the stream of skeletons, and the seeds the suites pin, stay as they are.
   */
  | { k: 'cancel'; t: Pick; msg: boolean }
  | { k: 'handler'; body: RawOp[] }
  | { k: 'future_resolve'; f: Pick; value: Value }
  | { k: 'future_await'; f: Pick }
  | { k: 'fn_def'; body: RawOp[] }
  | { k: 'fn_call'; f: Pick }
  | { k: 'await_custom'; body: RawOp[] }
  /** fin: the function run in its finally, when a number and one is visible. */
  /** drop: dropped at the end of the body that made it, if nothing made since can still step it. */
  | { k: 'agen_create'; body: RawOp[]; fin: Pick | null; drop: boolean }
  | { k: 'agen_next'; g: Pick }
  | { k: 'agen_aclose'; g: Pick }
  | { k: 'agen_drop'; g: Pick }
  | { k: 'gen_create'; body: RawOp[] }
  | { k: 'gen_next'; g: Pick }
  | { k: 'yield' }
  | { k: 'with_token'; t: Pick; body: RawOp[] }
  | { k: 'thread'; body: RawOp[] }
  | { k: 'to_thread'; body: RawOp[] }
  | { k: 'run_in_executor'; body: RawOp[] }
  | { k: 'wait_for'; body: RawOp[] }
  | { k: 'runner'; runs: RawOp[][]; c: Pick | null }
  | { k: 'sleep' }
  | { k: 'await_task'; t: Pick }
  | { k: 'call'; body: RawOp[] }
  | { k: 'gather'; children: RawOp[][] }
  | { k: 'task_group'; body: RawOp[] }
  /** The scoped binding (with_value). */
  | { k: 'with_value'; v: Pick; value: Value; body: RawOp[] }
  /** An operation whose row derives its generator (derive.ts). */
  | DerivedRaw;

/** The kinds of hand-written rules (build.ts, build-more.ts). */
export type HandKind = Exclude<RawOp['k'], 'derived'>;

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

/**
 * The operation each raw kind emits, gated by its features and version range: the later kinds are
 * left out of the arbitraries, and the builder drops any kind the gate refuses before it binds a
 * name (a name bound by a dropped operation would be used by what follows).
 */
export const EMITS: Record<HandKind, { op: OpName; fields?: string[] }> = {
  var: { op: 'var' }, get: { op: 'get' }, set: { op: 'set' }, reset: { op: 'reset' }, token_var: { op: 'token_var' },
  token_old_value: { op: 'token_old_value' }, copy_context: { op: 'copy_context' }, new_context: { op: 'new_context' },
  ctx_copy: { op: 'ctx_copy' }, run: { op: 'run' }, map: { op: 'ctx_get' }, ctx_eq: { op: 'ctx_eq' }, raise: { op: 'raise' },
  try: { op: 'try' }, create_task: { op: 'create_task' }, call_soon: { op: 'call_soon' }, sleep: { op: 'sleep' },
  await_task: { op: 'await_task' }, call: { op: 'call' }, gather: { op: 'gather' }, task_group: { op: 'task_group' },
  with_value: { op: 'with_value' },
  call_later: { op: 'call_later' }, detached: { op: 'create_task', fields: ['detached'] },
  task_get_context: { op: 'task_get_context' }, handler: { op: 'set_exception_handler' },
  future_resolve: { op: 'future_resolve' }, future_await: { op: 'future_await' },
  fn_def: { op: 'fn_def' }, fn_call: { op: 'fn_call' }, await_custom: { op: 'await_custom' },
  agen_create: { op: 'agen_create' }, agen_next: { op: 'agen_next' }, agen_aclose: { op: 'agen_aclose' }, agen_drop: { op: 'agen_drop' },
  gen_create: { op: 'gen_create' }, gen_next: { op: 'gen_next' }, yield: { op: 'yield' }, with_token: { op: 'with_token' },
  thread: { op: 'thread' }, to_thread: { op: 'to_thread' }, run_in_executor: { op: 'run_in_executor' }, wait_for: { op: 'wait_for' },
  runner: { op: 'runner' }, cancel: { op: 'cancel' },
};

/** Operations the builder's rules add without a kind of their own (build.ts and build-more.ts say when). */
const BY_RULE: readonly OpName[] = ['event_set', 'event_wait', 'future_new', 'add_done_callback', 'eager_task_factory', 'cancelling', 'uncancel', 'timeout'];

/** Every operation hand-written rules make: the kinds' (a map read is one of seven), and those added by rule. */
export const HAND_WRITTEN: ReadonlySet<string> = new Set([...Object.values(EMITS).map((e) => e.op), ...MAP_READS.map((r) => `ctx_${r}`), ...BY_RULE]);

/**
 * The arbitraries whose kind the gate allows (the earlier kinds are gated by the builder), as one
 * choice drawn `weight` times as often as a single operation: the later operations come as groups,
 * so the earlier ones keep most of their share (and the mutants are still found in as few programs).
 */
function gated(gate: Gate | null, arbs: [HandKind, fc.Arbitrary<RawOp>][], weight = 1): fc.Arbitrary<RawOp>[] {
  if (!gate) return [];
  const ok = arbs.filter(([k]) => allows(gate, EMITS[k].op, EMITS[k].fields)).map(([, a]) => a);
  return ok.length ? Array<fc.Arbitrary<RawOp>>(weight).fill(fc.oneof(...ok)) : [];
}

/** The derived rows of a pool (derive.ts) that the gate allows, as one choice, as gated does for hand-written kinds. */
function derived(gate: Gate | null, pool: Pool): fc.Arbitrary<RawOp>[] {
  if (!gate) return [];
  const ok = derivedArbitraries(pool, pick, valueArb).filter(([op]) => allows(gate, op)).map(([, a]) => a);
  return ok.length ? [fc.oneof(...ok)] : [];
}

/** Leaf operations: allowed in every body. Weights favour the variable and token operations. */
function leafOps(profile: Profile, gate: Gate | null): fc.Arbitrary<RawOp>[] {
  const vars: fc.Arbitrary<RawOp>[] = [
    fc.record({ k: fc.constant('var' as const), dflt: maybeDefault }, { requiredKeys: ['k'] }),
    fc.record({ k: fc.constant('get' as const), v: pick, dflt: maybeDefault }, { requiredKeys: ['k', 'v'] }),
  ];
  if (profile === 'run-scoped') return [...vars, ...vars, ...contextLeaves(gate)];
  return [
    ...vars,
    fc.record({ k: fc.constant('set' as const), v: pick, value: valueArb, token: fc.boolean() }),
    fc.record({ k: fc.constant('set' as const), v: pick, value: valueArb, token: fc.constant(true) }),
    fc.record({ k: fc.constant('reset' as const), t: pick, v: pick, own: fc.boolean() }),
    fc.record({ k: fc.constant('reset' as const), t: pick, v: pick, own: fc.constant(true) }),
    fc.record({ k: fc.constant('token_var' as const), t: pick }),
    fc.record({ k: fc.constant('token_old_value' as const), t: pick }),
    ...contextLeaves(gate),
    ...gated(gate, [
      ['task_get_context', fc.record({ k: fc.constant('task_get_context' as const), t: pick })],
      ['future_resolve', fc.record({ k: fc.constant('future_resolve' as const), f: pick, value: valueArb })],
      ['fn_call', fc.record({ k: fc.constant('fn_call' as const), f: pick })],
      ['agen_drop', fc.record({ k: fc.constant('agen_drop' as const), g: pick })],
      ['gen_next', fc.record({ k: fc.constant('gen_next' as const), g: pick })],
    ], 3),
    ...derived(gate, 'leaf'),
  ];
}

/** Leaves about contexts and errors, shared by the profiles. */
function contextLeaves(gate: Gate | null): fc.Arbitrary<RawOp>[] {
  return [
    fc.constant({ k: 'copy_context' as const }),
    fc.constant({ k: 'new_context' as const }),
    fc.record({ k: fc.constant('ctx_copy' as const), c: pick }),
    fc.record({
      k: fc.constant('map' as const),
      read: fc.constantFrom<MapRead>(...MAP_READS),
      c: pick, v: pick, dflt: maybeDefault,
    }, { requiredKeys: ['k', 'read', 'c', 'v'] }),
    fc.record({ k: fc.constant('ctx_eq' as const), a: pick, b: pick }),
    fc.record({ k: fc.constant('raise' as const), kind: raiseKind, message: fc.constantFrom('boom', 'oops') }),
    // ctx_is, ctx_is_current, ctx_key: derived from their rows, drawing what their hand-written kinds drew.
    ...derived(gate, 'context'),
  ];
}

const asyncLeaves = (gate: Gate | null): fc.Arbitrary<RawOp>[] => [
  fc.constant({ k: 'sleep' as const }),
  fc.record({ k: fc.constant('await_task' as const), t: pick }),
  ...gated(gate, [
    ['future_await', fc.record({ k: fc.constant('future_await' as const), f: pick })],
    ['agen_next', fc.record({ k: fc.constant('agen_next' as const), g: pick })],
    ['agen_next', fc.record({ k: fc.constant('agen_next' as const), g: pick })],
    ['agen_aclose', fc.record({ k: fc.constant('agen_aclose' as const), g: pick })],
  ], 3),
  ...derived(gate, 'async'),
];

type BodyKind = 'sync' | 'async' | 'gen';

/**
 * Programs of the profile. In `full`, half of them are drawn from the earlier operations alone, at
 * the mix the shipped mutants are found with in the default number of runs, and half with every
 * later operation the gate allows as well.
 */
export function rawArbitraries(limits: RawLimits = DEFAULT_LIMITS, profile: Profile = 'full', gate: Gate = OPEN): { program: fc.Arbitrary<RawOp[]> } {
  const classic = mixArbitrary(limits, profile, null);
  if (profile !== 'full') return { program: classic };
  return { program: fc.oneof(classic, mixArbitrary(limits, profile, gate)) };
}

/** Bodies by kind and remaining depth, built once per limits (the arbitraries are reusable); `gate` null: the earlier operations only. */
function mixArbitrary(limits: RawLimits, profile: Profile, gate: Gate | null): fc.Arbitrary<RawOp[]> {
  const memo = new Map<string, fc.Arbitrary<RawOp[]>>();
  const body = (kind: BodyKind, depth: number, max: number): fc.Arbitrary<RawOp[]> => {
    const key = `${kind}/${depth}/${max}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const ops: fc.Arbitrary<RawOp>[] = [...leafOps(profile, gate)];
    if (kind === 'async') ops.push(...asyncLeaves(gate));
    if (kind === 'gen') ops.push(...gated(gate, [['yield', fc.constant({ k: 'yield' as const })]], 4));
    if (depth > 0) {
      const syncBody = body('sync', depth - 1, limits.bodyLength);
      const asyncBody = body('async', depth - 1, limits.bodyLength);
      const genBody = body('gen', depth - 1, limits.bodyLength);
      const ctxChoice = fc.option(pick, { nil: null, freq: 3 });
      // try, with_token and with_value bodies are of their enclosing body's kind (a generator's with_value holds no yield).
      const enclosing = kind === 'async' ? asyncBody : kind === 'gen' ? genBody : syncBody;
      ops.push(
        fc.record({ k: fc.constant('run' as const), c: pick, body: syncBody }),
        fc.record({ k: fc.constant('run' as const), c: pick, body: syncBody }),
        fc.record({ k: fc.constant('try' as const), body: enclosing }),
        fc.record({ k: fc.constant('call_soon' as const), body: syncBody, c: ctxChoice }),
        fc.record({
          k: fc.constant('create_task' as const), body: asyncBody, c: ctxChoice, grouped: fc.boolean(),
          waitAt: fc.option(fc.nat({ max: 3 }), { nil: null, freq: 3 }), setAfter: fc.nat({ max: 3 }), fut: fc.nat({ max: 2 }),
        }),
      );
      if (profile === 'full') ops.push(...gated(gate, [
        ['call_later', fc.record({ k: fc.constant('call_later' as const), body: syncBody, c: ctxChoice })],
        ['detached', fc.record({ k: fc.constant('detached' as const), body: syncBody, c: ctxChoice })],
        ['handler', fc.record({ k: fc.constant('handler' as const), body: syncBody })],
        ['fn_def', fc.record({ k: fc.constant('fn_def' as const), body: syncBody })],
        ['agen_create', fc.record({ k: fc.constant('agen_create' as const), body: genBody, fin: fc.option(pick, { nil: null, freq: 2 }), drop: fc.boolean() })],
        ['gen_create', fc.record({ k: fc.constant('gen_create' as const), body: genBody })],
        ['with_token', fc.record({ k: fc.constant('with_token' as const), t: pick, body: enclosing })],
        ['thread', fc.record({ k: fc.constant('thread' as const), body: syncBody })],
      ], 2));
      if (kind === 'async') ops.push(
        fc.record({ k: fc.constant('create_task' as const), body: asyncBody, c: ctxChoice, grouped: fc.boolean(), waitAt: fc.constant(null), setAfter: fc.constant(0) }),
        fc.record({ k: fc.constant('call' as const), body: asyncBody }),
        fc.record({ k: fc.constant('gather' as const), children: fc.array(asyncBody, { minLength: 1, maxLength: 3 }) }),
        fc.record({ k: fc.constant('task_group' as const), body: asyncBody }),
      );
      if (kind === 'async' && profile === 'full') ops.push(...gated(gate, [
        ['await_custom', fc.record({ k: fc.constant('await_custom' as const), body: syncBody })],
        ['to_thread', fc.record({ k: fc.constant('to_thread' as const), body: syncBody })],
        ['run_in_executor', fc.record({ k: fc.constant('run_in_executor' as const), body: syncBody })],
        ['wait_for', fc.record({ k: fc.constant('wait_for' as const), body: asyncBody })],
        ['runner', fc.record({ k: fc.constant('runner' as const), runs: fc.array(asyncBody, { minLength: 1, maxLength: 2 }), c: ctxChoice })],
      ]));
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
  return body('async', limits.depth, limits.topLength);
}
