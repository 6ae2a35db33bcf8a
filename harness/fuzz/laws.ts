/**
 * Program transformations for the laws that need no oracle. Each takes a generated program and a
 * few choices, and returns the changed program plus which observations the law says are unchanged
 * (with steps renumbered back to the original program's pointers), or undefined when the law does
 * not apply to this program.
 */
import fc from 'fast-check';
import type { AsyncOp, SyncOp, Value } from '../format/scenario.ts';
import type { Observation } from '../format/trace.ts';
import { valueArb } from './raw.ts';

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
  const at = c.at % (program.length + 1);
  const { vars } = topLevelNames(program, at);
  if (!vars.length) return undefined;
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
const childBodiesOf = (op: AsyncOp | SyncOp): AnyBody[] => {
  if ('body' in op && Array.isArray(op.body)) return [op.body as AnyBody];
  if (op.op === 'gather') return op.tasks.map((t) => t.body);
  return [];
};
function* everyOp(body: AnyBody): Generator<AsyncOp | SyncOp> {
  for (const op of body) { yield op; for (const b of childBodiesOf(op)) yield* everyOp(b); }
}

/** Contexts an operation enters or hands to a task or callback (reads do not count). */
const usesContext = (op: AsyncOp | SyncOp): string | undefined =>
  op.op === 'run' ? op.context : (op.op === 'create_task' || op.op === 'call_soon') ? op.context : undefined;

/**
 * A task whose writes can reach no one else: created without context=, outside any task group,
 * never awaited, and nothing in it enters or hands on a context made outside it.
 */
export function isolatedTasks(program: AsyncOp[]): string[] {
  const awaited = new Set<string>();
  for (const op of everyOp(program)) if (op.op === 'await_task') awaited.add(op.task);
  const out: string[] = [];
  for (const op of everyOp(program)) {
    if (op.op !== 'create_task' || op.context || op.group || awaited.has(op.name)) continue;
    const own = new Set<string>();
    for (const o of everyOp(op.body)) if ('as' in o) own.add(o.as);
    if ([...everyOp(op.body)].every((o) => { const c = usesContext(o); return c === undefined || own.has(c); })) out.push(op.name);
  }
  return out;
}

/** Replaces the task's own untokened `set`s (those in its own context) by a `get`, keeping every pointer. */
function withoutSets(body: AsyncOp[]): AsyncOp[] {
  return body.map((op): AsyncOp => {
    if (op.op === 'set' && !op.token) return { op: 'get', var: op.var, default: null };
    if (op.op === 'try' || op.op === 'call' || op.op === 'task_group') return { ...op, body: withoutSets(op.body as AsyncOp[]) } as AsyncOp;
    return op;
  });
}

/** Removing one isolated task's `set`s changes no observation of any task outside it. */
export function withoutTaskSets(program: AsyncOp[], pick: number): Transformed | undefined {
  const candidates = isolatedTasks(program);
  if (!candidates.length) return undefined;
  const name = candidates[pick % candidates.length]!;
  const mine = (o: Observation) => o.task.endsWith(`/${name}`) || o.task.includes(`/${name}/`);
  const rewrite = (body: AsyncOp[]): AsyncOp[] => body.map((op): AsyncOp => {
    if (op.op === 'create_task' && op.name === name) return { ...op, body: withoutSets(op.body) };
    const kids = childBodiesOf(op);
    if (!kids.length) return op;
    if (op.op === 'gather') return { ...op, tasks: op.tasks.map((t) => ({ ...t, body: rewrite(t.body) })) };
    return { ...op, body: rewrite((op as { body: AsyncOp[] }).body) } as AsyncOp;
  });
  const keep = (obs: Observation[]) => obs.filter((o) => !mine(o));
  return { program: rewrite(program), keepOriginal: keep, keepTransformed: keep };
}
