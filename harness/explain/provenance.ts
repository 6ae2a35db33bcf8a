/**
 * Provenance of a divergence (issue 19 §1): from the scenario, CPython's trace and the
 * implementation's, where the value the implementation produced came from (which task set it, at
 * which step, and what that task is to the reader), or, for a missing binding or NoContext, the
 * last boundary the reading task crossed, or, for errors, the refusal that did not happen or the
 * error CPython does not raise. Pure: no I/O, nothing annotated by hand.
 */
import { differ, type Divergence } from '../compare/compare.ts';
import { LIBRARY_ERROR, NO_CONTEXT } from '../contract/adapter.ts';
import { canonicalJson } from '../primitives/canonical.ts';
import type { AnyOp, Scenario } from '../format/scenario.ts';
import type { Observation } from '../format/trace.ts';
import { isAwait, mapScenario, pointerOrder, relation, type OpInfo, type Relation, type ScenarioMap } from './map.ts';

/** Where a value was written: the operation, the task that ran it, and what that task is to the reader. */
export interface Source {
  task: string;
  step: string;
  op: 'set' | 'with_value';
  relation: Relation;
  /** The write ran in its task's first step (no await before it in the task's Python). */
  firstStep: boolean;
  /** The write sits inside a Context.run of this context, or a scope (with_value) of its own. */
  inRun?: string;
}

export type Boundary = 'await' | 'task-start' | 'callback' | 'thread' | 'run' | 'scope-entry' | 'scope-exit' | 'main-start';

export interface Provenance {
  /** The observation explained (the divergence's, or the earlier one it is a consequence of). */
  task: string;
  step: string;
  op: string;
  /** The divergence shown is a consequence of this earlier one (a task that died before it). */
  consequenceOf?: { task: string; step: string };
  kind: 'value' | 'missing-binding' | 'refusal-missing' | 'error-kind' | 'foreign-error' | 'spurious-error' | 'other';
  /** value: where the implementation's value came from ("default" for the variable's or the call's default). */
  source?: Source | 'default';
  /** Where CPython's value came from. */
  expectedSource?: Source | 'default';
  /** missing-binding: the last boundary the reader crossed before the read, and where. */
  boundary?: { kind: Boundary; step?: string };
  /** Errors: what CPython raised and what the implementation raised (kind), when either did. */
  expectedError?: string;
  actualError?: string;
  /** The context read through (ctx_get and the Mapping ops), by scenario name. */
  context?: string;
}

const VALUE_READS = new Set(['get', 'ctx_get', 'ctx_getitem', 'ctx_contains']);
const MISSING_ERRORS = new Set(['LookupError', 'KeyError', NO_CONTEXT]);
/** What CPython raises to refuse something (re-entering a context, a token reset in the wrong place). */
const REFUSALS = new Set(['RuntimeError', 'ValueError', 'TypeError']);

/** The divergence to explain: a missing/extra/misplaced observation is the consequence of the earliest value or error divergence, if there is one. */
const EXPLAINABLE = new Set(['value', 'error-expected', 'value-expected', 'kind', 'message']);
/** A value or error divergence, or a task that ended (or caught an error) where CPython went on to another observation. */
const explainable = (reason: string, a: Observation | undefined) => EXPLAINABLE.has(reason) || (!!a?.error && (reason === 'op' || reason === 'step'));

function root(expected: readonly Observation[], actual: readonly Observation[], d: Divergence): { e?: Observation; a?: Observation; consequence: boolean } {
  if (explainable(d.reason, d.actual))
    return { ...(d.expected ? { e: d.expected } : {}), ...(d.actual ? { a: d.actual } : {}), consequence: false };
  const byTask = (obs: readonly Observation[]) => {
    const m = new Map<string, Observation[]>();
    for (const o of obs) { if (!m.has(o.task)) m.set(o.task, []); m.get(o.task)!.push(o); }
    return m;
  };
  const exp = byTask(expected), act = byTask(actual);
  const order = new Map(actual.map((o, i) => [o, i]));
  let best: { e: Observation; a: Observation } | undefined;
  for (const [task, as] of act) {
    const es = exp.get(task) ?? [];
    for (let i = 0; i < Math.min(es.length, as.length); i++) {
      const r = differ(es[i]!, as[i]!, 'semantic', false);
      if (!r) continue;
      if (explainable(r, as[i]))
        if (!best || order.get(as[i]!)! < order.get(best.a)!) best = { e: es[i]!, a: as[i]! };
      break;
    }
  }
  if (best) return { ...best, consequence: true };
  return { ...(d.expected ? { e: d.expected } : {}), ...(d.actual ? { a: d.actual } : {}), consequence: false };
}

/** True when no await precedes the operation in its task's Python (it runs in the task's first step). */
function inFirstStep(m: ScenarioMap, info: OpInfo): boolean {
  const chain = [...info.before, ...info.enclosing];
  return !chain.some((b) => isAwait(b.op) && pointerOrder(b.pointer, info.pointer) < 0 && !info.pointer.startsWith(`${b.pointer}/`));
}

/**
 * The task that ran a write inside a generator body: a generator has no task of its own, so each
 * segment (between two yields) runs in the task that stepped it, which CPython's trace names at an
 * observation of the same segment. Outside a generator, or with no such observation, the map's task.
 */
function runnerOf(w: OpInfo, expected: readonly Observation[]): string {
  const gen = [...w.enclosing].reverse().find((x) => x.op.op === 'gen_create' || x.op.op === 'agen_create');
  if (!gen) return w.task;
  const body = `${gen.pointer}/body/`;
  const index = (p: string) => Number(p.slice(body.length).split('/')[0]);
  const ops = (gen.op as { body: AnyOp[] }).body;
  const segment = (i: number) => ops.slice(0, i).filter((o) => o.op === 'yield').length;
  const mine = segment(index(w.pointer));
  const seen = expected.find((o) => o.step.startsWith(body) && segment(index(o.step)) === mine);
  return seen?.task ?? w.task;
}

function sourceOf(m: ScenarioMap, reader: string, w: OpInfo, expected: readonly Observation[]): Source {
  const run = [...w.enclosing].reverse().find((x) => x.op.op === 'run');
  const task = runnerOf(w, expected);
  return {
    task, step: w.pointer, op: w.op.op as 'set' | 'with_value', relation: relation(m, reader, task), firstStep: inFirstStep(m, w),
    ...(run ? { inRun: (run.op as { context: string }).context } : {}),
  };
}

/** The writes of variable `v` whose value is `value` (any value when undefined). */
function writers(m: ScenarioMap, v: string, value: unknown): OpInfo[] {
  const want = value === undefined ? undefined : canonicalJson(value as never);
  return m.all.filter((i) => (i.op.op === 'set' || i.op.op === 'with_value') && (i.op as { var: string }).var === v
    && (want === undefined || canonicalJson((i.op as unknown as { value: never }).value) === want));
}

function defaultsOf(m: ScenarioMap, v: string, read: AnyOp): unknown[] {
  const out: unknown[] = [];
  const has = (o: object) => Object.prototype.hasOwnProperty.call(o, 'default');
  if (has(read)) out.push((read as { default: unknown }).default);
  if (read.op === 'get') {
    const decl = m.all.find((i) => i.op.op === 'var' && (i.op as { name: string }).name === v);
    if (decl && has(decl.op)) out.push((decl.op as { default: unknown }).default);
  }
  if (read.op === 'ctx_get' && !has(read)) out.push(null);
  return out;
}

/** Where the value an observation shows came from: a write, the default, or unknown. */
function provenanceOfValue(m: ScenarioMap, o: Observation, read: OpInfo, expected: readonly Observation[]): Source | 'default' | undefined {
  const v = (read.op as { var?: string }).var;
  if (v === undefined) return undefined;
  if (o.error) return MISSING_ERRORS.has(o.error.kind) ? 'default' : undefined;
  if (read.op.op === 'ctx_contains') {
    if (o.value === false) return 'default';
    const ws = writers(m, v, undefined);
    return ws.length ? pick(m, o.task, read, ws, expected) : undefined;
  }
  const ws = writers(m, v, o.value);
  if (ws.length) return pick(m, o.task, read, ws, expected);
  if (defaultsOf(m, v, read.op).some((d) => canonicalJson(d as never) === canonicalJson((o.value ?? null) as never))) return 'default';
  return undefined;
}

/** Of several writes of the same value, the one that explains a read best: the nearest earlier one of the reader's own task, else the first one elsewhere. */
function pick(m: ScenarioMap, reader: string, read: OpInfo, ws: OpInfo[], expected: readonly Observation[]): Source {
  const own = ws.filter((w) => w.task === reader && pointerOrder(w.pointer, read.pointer) < 0);
  const chosen = own.length ? own[own.length - 1]! : ws.find((w) => w.task !== reader) ?? ws[0]!;
  return sourceOf(m, reader, chosen, expected);
}

/** Operations that need the current context (NoContext), or a binding (LookupError, KeyError). */
function needs(op: AnyOp, kind: string): boolean {
  if (kind === 'LookupError') return op.op === 'get' || op.op === 'reset';
  if (kind === 'KeyError') return op.op === 'ctx_getitem';
  switch (op.op) {
    case 'get': case 'set': case 'reset': case 'copy_context': case 'gather': case 'with_value': case 'with_token': case 'gen_next': return true;
    case 'create_task': case 'call_soon': case 'call_later': return (op as { context?: string }).context === undefined;
    default: return false;
  }
}

/** The operation that raised an error recorded at a try or a task's end: the first in that region, after the task's last observation, that needs what was missing. */
function throwerOf(m: ScenarioMap, actual: readonly Observation[], a: Observation): OpInfo | undefined {
  const prev = actual.filter((x) => x.task === a.task && x.seq < a.seq).at(-1);
  const inRegion = (i: OpInfo) => i.task === a.task && (a.op !== 'try' || i.pointer.startsWith(`${a.step}/`));
  const after = m.all.filter((i) => inRegion(i) && (!prev || pointerOrder(i.pointer, prev.step) > 0));
  const candidates = after.filter((i) => needs(i.op, a.error!.kind));
  // A lost context is lost at a boundary: prefer the first operation needing it after an await.
  if (a.error!.kind === NO_CONTEXT) {
    // An await completes after the task's last observation when it comes later or encloses it (a
    // directly awaited call whose body held that observation resumes its caller afterwards).
    const awaits = m.all.filter((i) => inRegion(i) && isAwait(i.op) && (!prev || pointerOrder(i.pointer, prev.step) > 0 || prev.step.startsWith(`${i.pointer}/`)));
    const late = candidates.find((c) => awaits.some((w) => pointerOrder(w.pointer, c.pointer) < 0 && !c.pointer.startsWith(`${w.pointer}/`)));
    if (late) return late;
  }
  return candidates[0];
}

/** The last boundary the reading operation crossed in its task before it ran. */
export function boundaryOf(m: ScenarioMap, info: OpInfo): { kind: Boundary; step?: string } {
  let here: OpInfo = info;
  for (;;) {
    const parent = here.pointer.slice(0, here.pointer.lastIndexOf('/'));
    const siblings = here.before.filter((b) => b.pointer.slice(0, b.pointer.lastIndexOf('/')) === parent);
    for (let i = siblings.length - 1; i >= 0; i--) {
      const b = siblings[i]!;
      // An await, or a region of this task holding one (a try or scope around a call that raised still awaited it).
      if (isAwait(b.op) || m.all.some((x) => x.pointer.startsWith(`${b.pointer}/`) && isAwait(x.op) && x.task === info.task))
        return { kind: 'await', step: b.pointer };
      if (b.op.op === 'with_value') return { kind: 'scope-exit', step: b.pointer };
    }
    const enc = here.enclosing[here.enclosing.length - 1];
    if (!enc) {
      const t = m.tasks.get(info.task);
      const kind: Boundary = !t || t.origin === 'main' ? 'main-start' : t.origin === 'callback' ? 'callback' : t.origin === 'thread' ? 'thread' : 'task-start';
      return t?.madeAt ? { kind, step: t.madeAt } : { kind };
    }
    if (enc.op.op === 'run') return { kind: 'run', step: enc.pointer };
    if (enc.op.op === 'with_value') return { kind: 'scope-entry', step: enc.pointer };
    here = m.ops.get(enc.pointer)!;
  }
}

export function explainDivergence(s: Scenario, expected: readonly Observation[], actual: readonly Observation[], d: Divergence, map = mapScenario(s)): Provenance {
  const { e, a, consequence } = root(expected, actual, d);
  const ref = a ?? e;
  const base = { task: ref?.task ?? d.task, step: ref?.step ?? d.step, op: ref?.op ?? '?' };
  const out: Provenance = { ...base, kind: 'other', ...(consequence ? { consequenceOf: { task: d.task, step: d.step } } : {}) };
  if (e?.error) out.expectedError = e.error.kind;
  if (a?.error) out.actualError = a.error.kind;
  const read = map.ops.get(base.step);
  if (read && 'context' in read.op && typeof (read.op as { context?: unknown }).context === 'string' && VALUE_READS.has(read.op.op)) out.context = (read.op as { context: string }).context;

  if (a?.error?.kind === LIBRARY_ERROR) return { ...out, kind: 'foreign-error' };
  if (e?.error && !a?.error && REFUSALS.has(e.error.kind)) return { ...out, kind: 'refusal-missing' };
  if (e?.error && a?.error && e.error.kind !== a.error.kind && !MISSING_ERRORS.has(a.error.kind)) return { ...out, kind: 'error-kind' };
  if (a?.error && !MISSING_ERRORS.has(a.error.kind) && !(e?.error)) return { ...out, kind: 'spurious-error' };

  if (a?.error && MISSING_ERRORS.has(a.error.kind) && (a.op === 'end' || a.op === 'try')) {
    // The error is recorded where it was caught (a try, the task's end): the operation that raised
    // it is the first one after the task's last observation that needs what was missing.
    const thrower = throwerOf(map, actual, a);
    if (!thrower) return { ...out, kind: 'missing-binding' };
    const explained: Provenance = { ...out, task: a.task, step: thrower.pointer, op: thrower.op.op, kind: 'missing-binding', boundary: boundaryOf(map, thrower) };
    const ctx = (thrower.op as { context?: unknown }).context;
    if (typeof ctx === 'string' && VALUE_READS.has(thrower.op.op)) explained.context = ctx;
    const cpython = expected.find((x) => x.task === a.task && x.step === thrower.pointer);
    const exp = cpython ? provenanceOfValue(map, cpython, thrower, expected) : undefined;
    if (exp) explained.expectedSource = exp;
    return explained;
  }
  if (!read || !a || !e || !VALUE_READS.has(read.op.op)) {
    if (a?.error && MISSING_ERRORS.has(a.error.kind) && read) return { ...out, kind: 'missing-binding', boundary: boundaryOf(map, read) };
    return out;
  }
  const source = provenanceOfValue(map, a, read, expected), expectedSource = provenanceOfValue(map, e, read, expected);
  if (source) out.source = source;
  if (expectedSource) out.expectedSource = expectedSource;
  if (source === 'default' && expectedSource !== 'default') return { ...out, kind: 'missing-binding', boundary: boundaryOf(map, read) };
  return { ...out, kind: 'value' };
}
