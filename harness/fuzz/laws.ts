/**
 * Program transformations for the laws that need no oracle. Each takes a generated program and a
 * few choices, and returns the changed program plus which observations the law says are unchanged
 * (with steps renumbered back to the original program's pointers), or undefined when the law does
 * not apply to this program.
 */
import fc from 'fast-check';
import { childBodies, namedChildren } from '../format/operations.ts';
import { opsOf } from './ops.ts';
import type { AsyncOp, SyncOp, Value } from '../format/scenario.ts';
import type { Observation } from '../format/trace.ts';
import { EMITS, valueArb, type RawOp } from './raw.ts';
import { DERIVED_ORDERED, DERIVED_RAISES } from './derive.ts';

export interface Transformed {
  program: AsyncOp[];
  /** The observations of the original run the law compares, in comparable form. */
  keepOriginal(obs: Observation[]): Observation[];
  /** The observations of the transformed run the law compares, steps mapped to the original's. */
  keepTransformed(obs: Observation[]): Observation[];
}

/** A value no generated program uses, so a leak of it cannot hide behind an equal value. */
export const LAW_VALUE: Value = 424242;

/** Insertion of `count` operations at main's top-level index `at`: drop what they observe, renumber the rest. */
function insertion(program: AsyncOp[], at: number, inserted: AsyncOp[]): Transformed {
  const count = inserted.length;
  const re = /^\/program\/(\d+)(.*)$/;
  return {
    program: [...program.slice(0, at), ...inserted, ...program.slice(at)],
    keepOriginal: (obs) => obs,
    keepTransformed: (obs) => obs.flatMap((o) => {
      const m = re.exec(o.step);
      if (!m) return [o];
      const k = Number(m[1]);
      if (k >= at && k < at + count) return [];
      return [{ ...o, step: k >= at + count ? `/program/${k - count}${m[2]}` : o.step }];
    }).map((o, _, all) => ({ ...o, seq: all.filter((x) => x.task === o.task).indexOf(o) })),
  };
}

/** Variables and tokens main binds directly at its top level before index `at` (surely bound there). */
function topLevelNames(program: AsyncOp[], at: number): { vars: string[]; tokens: { name: string; var: string }[] } {
  const vars: string[] = [], tokens: { name: string; var: string }[] = [];
  for (const op of program.slice(0, at)) {
    if (op.op === 'var') vars.push(op.name);
    if (op.op === 'set' && op.token) tokens.push({ name: op.token, var: op.var });
  }
  return { vars, tokens };
}

export interface SetResetChoice { at: number; pick: number }
export const setResetChoice: fc.Arbitrary<SetResetChoice> = fc.record({ at: fc.nat({ max: 40 }), pick: fc.nat({ max: 7 }) });

/** `set` then `reset` of a variable, inserted in main: every observation stays as if neither happened. */
export function setThenReset(program: AsyncOp[], c: SetResetChoice): Transformed | undefined {
  // Somewhere after main's first variable, so there is one to set.
  const first = program.findIndex((op) => op.op === 'var');
  if (first < 0) return undefined;
  const at = first + 1 + (c.at % (program.length - first));
  const { vars } = topLevelNames(program, at);
  const v = vars[c.pick % vars.length]!;
  return insertion(program, at, [
    { op: 'set', var: v, value: LAW_VALUE, token: 'tLaw' },
    { op: 'reset', var: v, token: 'tLaw' },
  ]);
}

export type BlockStep = { k: 'set'; pick: number; value: Value; token: boolean } | { k: 'get'; pick: number } | { k: 'reset'; pick: number } | { k: 'var' };
export interface CopyRunChoice { at: number; block: BlockStep[] }
export const copyRunChoice: fc.Arbitrary<CopyRunChoice> = fc.record({
  at: fc.nat({ max: 40 }),
  block: fc.array(fc.oneof(
    fc.record({ k: fc.constant('set' as const), pick: fc.nat({ max: 7 }), value: valueArb, token: fc.boolean() }),
    fc.record({ k: fc.constant('get' as const), pick: fc.nat({ max: 7 }) }),
    fc.record({ k: fc.constant('reset' as const), pick: fc.nat({ max: 7 }) }),
    fc.constant({ k: 'var' as const }),
  ), { minLength: 1, maxLength: 6 }),
});

/**
 * A block run in `copy_context().run(...)` (inside `try`, so its errors stay inside), inserted in
 * main: it writes only to the copy, so no observation outside it changes.
 */
export function copyRun(program: AsyncOp[], c: CopyRunChoice): Transformed {
  const at = c.at % (program.length + 1);
  const { vars, tokens } = topLevelNames(program, at);
  let n = 0;
  const body: SyncOp[] = [];
  const needVar = (pick: number) => {
    if (!vars.length) { const name = `vLaw${n++}`; body.push({ op: 'var', name }); vars.push(name); }
    return vars[pick % vars.length]!;
  };
  for (const s of c.block) {
    if (s.k === 'var') { const name = `vLaw${n++}`; body.push({ op: 'var', name }); vars.push(name); }
    else if (s.k === 'get') body.push({ op: 'get', var: needVar(s.pick), default: null });
    else if (s.k === 'set') {
      const v = needVar(s.pick);
      if (s.token) { const token = `tLaw${n++}`; tokens.push({ name: token, var: v }); body.push({ op: 'set', var: v, value: s.value, token }); }
      else body.push({ op: 'set', var: v, value: s.value });
    } else if (tokens.length) {
      const t = tokens[s.pick % tokens.length]!;
      body.push({ op: 'try', body: [{ op: 'reset', var: t.var, token: t.name }] });
    }
  }
  return insertion(program, at, [{ op: 'try', body: [{ op: 'copy_context', as: 'cLaw' }, { op: 'run', context: 'cLaw', body }] }]);
}

type AnyBody = (AsyncOp | SyncOp)[];
/** Every operation of a body, nested bodies included (generated programs hold only async and sync operations). */
function everyOp(body: AnyBody): (AsyncOp | SyncOp)[] {
  return opsOf(body);
}

/** Names an operation refers to (not binds) among tokens and contexts. */
const referenced = (op: AsyncOp | SyncOp): string[] => {
  const o = op as unknown as Record<string, unknown>;
  const names = op.op === 'set' ? [] : [o.token, o.context, o.left, o.right];
  return names.filter((x): x is string => typeof x === 'string');
};

/**
 * Whether a token or context the task binds is used outside it (after awaiting a task, its
 * awaiter may use what it bound): then its values legitimately reach others through them.
 */
function handedOut(program: AsyncOp[], body: AsyncOp[]): boolean {
  const own = new Set<string>();
  for (const o of everyOp(body)) {
    if (o.op === 'set' && o.token) own.add(o.token);
    if ('as' in o) own.add(o.as);
  }
  const count = (ops: Iterable<AsyncOp | SyncOp>) => { let n = 0; for (const o of ops) n += referenced(o).filter((x) => own.has(x)).length; return n; };
  return count(everyOp(program)) > count(everyOp(body));
}

/** Tasks (create_task without context=, and gather children) that run in a private copy of a context. */
export function privateTasks(program: AsyncOp[]): string[] {
  const out: string[] = [];
  for (const op of everyOp(program)) {
    if (op.op === 'create_task' && !op.context) out.push(op.name);
    if (op.op === 'gather') out.push(...op.tasks.map((t) => t.name));
  }
  return out;
}

/**
 * The task's own `set`s and `with_value` bindings (those that run in its private context: its body, and try, call,
 * timeout and task_group bodies in it) with their value changed. Every set still happens, so the task's
 * control flow and timing stay the same; only the values differ.
 */
function withOtherValues(body: AsyncOp[]): AsyncOp[] {
  return body.map((op): AsyncOp => {
    if (op.op === 'set') return { ...op, value: LAW_VALUE };
    if (op.op === 'with_value') return { ...op, value: LAW_VALUE, body: withOtherValues(op.body as AsyncOp[]) } as AsyncOp;
    if (THROUGH.has(op.op)) return { ...op, body: withOtherValues((op as { body: AsyncOp[] }).body) } as AsyncOp;
    return op;
  });
}

/** The bodies withOtherValues goes into (with_value's too): they run in place, in the task's own context. */
const THROUGH = new Set(['try', 'call', 'timeout', 'task_group']);

/** Whether withOtherValues changes the body: a set or with_value it reaches holds another value than LAW_VALUE (values are numbers, strings or null). */
function hasOtherValues(body: AsyncOp[]): boolean {
  return body.some((op) => ((op.op === 'set' || op.op === 'with_value') && op.value !== LAW_VALUE)
    || ((op.op === 'with_value' || THROUGH.has(op.op)) && hasOtherValues((op as { body: AsyncOp[] }).body)));
}

/** Raw kinds whose operation makes a task (create_task, detached, gather), binds a value (set, with_value), or holds a body withOtherValues goes into. */
const kindsOf = (ops: string[]) => new Set(Object.entries(EMITS).filter(([, e]) => ops.includes(e.op)).map(([k]) => k));
const TASK_KINDS = kindsOf(['create_task', 'gather']);
const VALUE_KINDS = kindsOf(['set', 'with_value']);
const THROUGH_KINDS = kindsOf(['with_value', ...THROUGH]);

/** The nested skeletons of a raw operation: its body, a gather's children, a runner's runs (raw.ts has no other). */
function rawBodies(r: RawOp): RawOp[][] {
  const o = r as { body?: RawOp[]; children?: RawOp[][]; runs?: RawOp[][] };
  return o.body ? [o.body] : o.children ?? o.runs ?? [];
}

/**
 * What otherTaskValues needs, on the skeleton: a task whose skeleton holds a set or a with_value
 * where withOtherValues reaches it (the builder makes every task from a task kind's skeleton,
 * every set and with_value from those kinds, and the bodies it goes into from those kinds, or
 * wraps an operation in a try). A program without one has no task to change; most programs have
 * none, so the law does not build them (properties.ts, programsWhere).
 */
export function mayHaveTaskValues(raw: RawOp[]): boolean {
  const values = (body: RawOp[]): boolean => body.some((r) => VALUE_KINDS.has(r.k) || (THROUGH_KINDS.has(r.k) && rawBodies(r).some(values)));
  return raw.some((r) => (TASK_KINDS.has(r.k) && rawBodies(r).some(values)) || rawBodies(r).some(mayHaveTaskValues));
}

/** The tasks otherTaskValues may change, per program: the law asks once to filter programs, then again to change one. */
const known = new WeakMap<AsyncOp[], string[]>();

function valueTasks(program: AsyncOp[]): string[] {
  const cached = known.get(program);
  if (cached) return cached;
  const bodies = new Map<string, AsyncOp[]>();
  // A task whose context another one takes (task_get_context) hands its values out; the exception
  // handler runs in the context of whatever failed, and observes as main's child.
  const exposed = new Set<string>();
  for (const op of everyOp(program)) {
    if (op.op === 'create_task') bodies.set(op.name, op.body);
    if (op.op === 'gather') for (const t of op.tasks) bodies.set(t.name, t.body);
    if (op.op === 'task_get_context') exposed.add(op.task);
    if (op.op === 'set_exception_handler') { known.set(program, []); return []; }
  }
  const candidates = privateTasks(program).filter((n) => !exposed.has(n) && hasOtherValues(bodies.get(n)!) && !handedOut(program, bodies.get(n)!));
  known.set(program, candidates);
  return candidates;
}

/**
 * Changing the values one task sets in its own context changes no observation of any task outside
 * it and its descendants: nothing it writes there can reach a sibling or its parent (unless it
 * hands out a token or context it made, which awaiting it allows: such tasks are left out).
 */
export function otherTaskValues(program: AsyncOp[], pick: number): Transformed | undefined {
  const candidates = valueTasks(program);
  if (!candidates.length) return undefined;
  const name = candidates[pick % candidates.length]!;
  const mine = (o: Observation) => o.task.endsWith(`/${name}`) || o.task.includes(`/${name}/`);
  // The candidate's body changes (valueTasks), so the program changes exactly when the rewrite reaches it.
  let reached = false;
  const rewrite = (body: AsyncOp[]): AsyncOp[] => body.map((op): AsyncOp => {
    if (op.op === 'create_task' && op.name === name) { reached = true; return { ...op, body: withOtherValues(op.body) }; }
    if (op.op === 'gather') return { ...op, tasks: op.tasks.map((t) => ({ ...t, body: t.name === name ? (reached = true, withOtherValues(t.body)) : rewrite(t.body) })) };
    const named = namedChildren(op);
    if (named) return { ...op, [named.field]: named.children.map((t) => ({ ...t, body: rewrite(t.body as AsyncOp[]) })) } as AsyncOp;
    if (!childBodies(op).length) return op;
    return { ...op, body: rewrite((op as { body: AsyncOp[] }).body) } as AsyncOp;
  });
  const changed = rewrite(program);
  if (!reached) return undefined;
  const keep = (obs: Observation[]) => obs.filter((o) => !mine(o));
  return { program: changed, keepOriginal: keep, keepTransformed: keep };
}

/* ---- interleavings ---- */

/** A body and whether it is async (where a `sleep` may go). */
interface BodyRef { body: AnyBody; async: boolean }

/**
 * Child bodies (childBodies) with their kind, `try` taking its parent's, and the task or callback
 * each one is the body of, if any.
 */
function kids(op: AsyncOp | SyncOp, parentAsync: boolean): (BodyRef & { suffix: string; task?: string })[] {
  const named = namedChildren(op);
  return childBodies(op).map((c, i) => ({
    body: c.body as AnyBody,
    // A detached task's body must not suspend (it has to end before main does): no sleep goes there.
    async: c.where === 'inherit' ? parentAsync : c.where === 'async' && !(op.op === 'create_task' && op.detached),
    suffix: c.pointer,
    task: named ? named.children[i]!.name : OWN_PATH.has(op.op) ? (op as { name: string }).name : undefined,
  }));
}

/** Operations whose body runs as a task path of its own (named by the operation's `name`). */
const OWN_PATH = new Set(['create_task', 'call_soon', 'call_later', 'add_done_callback', 'set_exception_handler', 'thread', 'to_thread', 'run_in_executor']);

const CONTEXT_FIELDS = ['context', 'left', 'right'] as const;
/** Operations that share what they refer to with whoever else uses it: the context of another task, the loop's handler. */
const SHARING = new Set(['task_get_context', 'set_exception_handler', 'runner']);

/**
 * Whether every task's observations are independent of how the tasks interleave: no context is
 * shared between tasks (none is handed to a task or callback, and each is used only by the task
 * that made it), every token is reset only by the task that made it (whether it is already used
 * depends on timing otherwise), and no gather has two children that could fail (which error
 * gather raises depends on which fails first).
 */
export function orderFree(program: AsyncOp[]): boolean {
  const contextOwner = new Map<string, string>(), tokenOwner = new Map<string, string>();
  // Generators and functions run in whoever steps or calls them: used by one task only, or order matters.
  const codeOwner = new Map<string, string>();
  let ok = true;
  const visit = (body: AnyBody, task: string, async: boolean) => {
    for (const op of body) {
      const o = op as unknown as Record<string, unknown>;
      if ('context' in o && OWN_PATH.has(op.op)) ok = false;
      if (SHARING.has(op.op)) ok = false;
      // Where a cancelled task stops (or whether it already ended) depends on how the tasks interleave.
      if (op.op === 'cancel' || DERIVED_ORDERED.has(op.op)) ok = false;
      if (op.op === 'fn_def' || op.op === 'gen_create' || op.op === 'agen_create') codeOwner.set(op.name, task);
      for (const f of ['generator', 'function', 'finally']) if (typeof o[f] === 'string' && codeOwner.get(o[f] as string) !== task) ok = false;
      for (const f of CONTEXT_FIELDS) {
        const c = (op as unknown as Record<string, unknown>)[f];
        if (typeof c === 'string' && contextOwner.get(c) !== task) ok = false;
      }
      if ('as' in op) contextOwner.set(op.as, task);
      if (op.op === 'set' && op.token) tokenOwner.set(op.token, task);
      if ((op.op === 'reset' || op.op === 'with_token') && tokenOwner.get(op.token) !== task) ok = false;
      if (op.op === 'gather' && op.tasks.filter((t) => t.body.some((o) => mayFail(o))).length > 1) ok = false;
      for (const k of kids(op, async)) visit(k.body, k.task ?? task, k.async);
    }
  };
  visit(program, 'main', true);
  return ok;
}

/** Conservative: an operation that may raise, or a body holding one. */
function mayFail(op: AsyncOp | SyncOp): boolean {
  if (['get', 'reset', 'raise', 'ctx_getitem', 'run', 'await_task', 'gather', 'fn_call', 'agen_next', 'agen_aclose', 'with_token', 'gen_next', 'runner'].includes(op.op) || DERIVED_RAISES.has(op.op)) return true;
  return kids(op, true).some((k) => k.task === undefined && k.body.some(mayFail));
}

export const sleepChoice: fc.Arbitrary<number[]> = fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 8 });

/**
 * `await sleep(0)` inserted at chosen places of async bodies: each moves where a task gives way,
 * so the tasks interleave differently. For a program whose observations do not depend on the
 * interleaving, every task's observations stay the same.
 */
export function withSleeps(program: AsyncOp[], picks: number[]): Transformed | undefined {
  if (!orderFree(program)) return undefined;
  // Every place a sleep may go: (pointer of an async body, index in it).
  const slots: string[] = [];
  const collect = (body: AnyBody, ptr: string, async: boolean) => {
    if (async) for (let i = 0; i <= body.length; i++) slots.push(`${ptr}#${i}`);
    body.forEach((op, i) => { for (const k of kids(op, async)) collect(k.body, `${ptr}/${i}${k.suffix}`, k.async); });
  };
  collect(program, '/program', true);
  const count = new Map<string, number>();
  for (const p of picks) { const s = slots[p % slots.length]!; count.set(s, (count.get(s) ?? 0) + 1); }
  // Rebuild with the sleeps, remembering each new pointer's old one.
  const back = new Map<string, string>([['/program', '/program']]);
  const rebuild = (body: AnyBody, oldPtr: string, newPtr: string): AnyBody => {
    const out: AnyBody = [];
    const sleeps = (i: number) => { for (let n = count.get(`${oldPtr}#${i}`) ?? 0; n > 0; n--) out.push({ op: 'sleep' }); };
    body.forEach((op, i) => {
      sleeps(i);
      const o = `${oldPtr}/${i}`, p = `${newPtr}/${out.length}`;
      back.set(p, o);
      let copy: AsyncOp | SyncOp = op;
      const named = namedChildren(op);
      if (named) {
        const f = named.field;
        copy = { ...op, [f]: named.children.map((t, j) => { back.set(`${p}/${f}/${j}`, `${o}/${f}/${j}`); return { ...t, body: rebuild(t.body as AnyBody, `${o}/${f}/${j}/body`, `${p}/${f}/${j}/body`) as AsyncOp[] }; }) } as AsyncOp;
      } else if ('body' in op && Array.isArray(op.body)) {
        copy = { ...op, body: rebuild(op.body as AnyBody, `${o}/body`, `${p}/body`) } as AsyncOp;
      }
      out.push(copy);
    });
    sleeps(body.length);
    return out;
  };
  const changed = rebuild(program, '/program', '/program') as AsyncOp[];
  return {
    program: changed,
    keepOriginal: (obs) => obs,
    keepTransformed: (obs) => obs.map((o) => ({ ...o, step: back.get(o.step) ?? o.step })),
  };
}
