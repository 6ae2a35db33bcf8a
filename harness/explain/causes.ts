/**
 * The taxonomy of causes (issue 19 §2): one table, each cause with its explanation and the minimal
 * scenario that shows it; `causeOf` gives every FAIL exactly one primary cause, computed from its
 * provenance (provenance.ts). A FAIL no rule names is "unclassified".
 */
import type { Divergence } from '../compare/compare.ts';
import { NO_CONTEXT } from '../contract/adapter.ts';
import type { Scenario } from '../format/scenario.ts';
import type { Observation } from '../format/trace.ts';
import { mapScenario, pointerOrder, type ScenarioMap } from './map.ts';
import { explainDivergence, type Provenance, type Source } from './provenance.ts';

export interface CauseSpec {
  title: string;
  /** What the implementation does, in PEP 567 terms. */
  explanation: string;
  /** The smallest scenario that shows it (fixtures/), for the documentation. */
  example: string;
}

export const CAUSES = {
  'creator-turn': {
    title: 'a task starts in its creator\'s turn',
    explanation: 'A task\'s code before its first await runs in its creator\'s context (as a plain async function call does): its writes reach the creator and every task started after it. asyncio starts a task later, in a copy of the context taken at creation.',
    example: 'tasks/child-changes-invisible-to-parent',
  },
  'sibling-bleed': {
    title: 'bleed from a sibling',
    explanation: 'A value one task wrote is visible to a sibling task: they share a mutable context where each should run in its own copy.',
    example: 'tasks/siblings-no-bleed',
  },
  'child-to-parent': {
    title: 'a child\'s change is visible to its parent',
    explanation: 'A value a child task wrote after its first await is visible to the task that created it: the child writes into its parent\'s context instead of a copy.',
    example: 'tasks/child-changes-invisible-to-parent',
  },
  'parent-later': {
    title: 'the parent\'s later change is visible to the child',
    explanation: 'A value the parent wrote after creating a task is visible to that task: the task\'s context was not copied at creation.',
    example: 'tasks/parent-later-changes-unseen',
  },
  'call-set-lost': {
    title: 'a directly awaited callee\'s change does not reach the caller',
    explanation: 'A value written by an awaited coroutine after its first await is not visible to the caller afterwards: caller and callee should share one context.',
    example: 'divergences/call-set-after-await-reaches-caller',
  },
  'lost-at-await': {
    title: 'the binding is lost at an await',
    explanation: 'After a native await the implementation reads no value (or has no context at all) where CPython reads the one bound before the await.',
    example: 'run-scoped/binding-holds-across-sleep',
  },
  'lost-at-task-start': {
    title: 'the binding does not reach a new task',
    explanation: 'A task\'s first step reads no value where CPython reads the one its creator had when the task was created.',
    example: 'await/call-inside-task-stays-in-task',
  },
  'lost-in-callback': {
    title: 'the binding is lost in a callback',
    explanation: 'A loop callback (call_soon, call_later, a done-callback) reads no value where CPython reads the one in the context it was scheduled with.',
    example: 'callbacks/copies-at-scheduling',
  },
  'context-is-a-value': {
    title: 'a context is a value, not an object',
    explanation: 'Writes made while a Context runs (Context.run, a task or callback given context=) are not in that Context afterwards, and tasks sharing one Context do not see each other\'s writes: each run works on a copy.',
    example: 'run/changes-kept-for-next-run',
  },
  'snapshot-is-live': {
    title: 'a snapshot is live',
    explanation: 'copy_context() (or Context.copy()) returns a view that follows later writes to the context it was taken from, instead of a snapshot.',
    example: 'copy-context/copy-changes-stay-in-the-copy',
  },
  'scope-outlives-body': {
    title: 'a scope outlives its body',
    explanation: 'A value written inside Context.run (or a scoped binding) is still visible after the run or scope ended.',
    example: 'divergences/run-copy-of-current-keeps-sets-inside',
  },
  'default-precedence': {
    title: 'the wrong default wins',
    explanation: 'With no value bound, get(default) answers the argument before the variable\'s own default in CPython; the implementation picks the other one.',
    example: 'run-scoped/get-argument-beats-variable-default',
  },
  'default-lost-in-earlier-context': {
    title: 'a default is lost in a context captured before its variable existed',
    explanation: 'A variable\'s default belongs to the variable, so get() answers it in every context; the implementation raises LookupError in a context captured (copy_context(), a task\'s copy) before the variable was created, as if the default were stored in the contexts that existed when it was declared.',
    example: 'copy-context/variable-created-after-copy-default-without-set',
  },
  'refusal-missing': {
    title: 'a refusal is missing',
    explanation: 'CPython refuses the operation with an error (re-entering a running context, a token reset in the wrong place); the implementation lets it through.',
    example: 'run-scoped/reentering-a-running-context-refused',
  },
  'error-kind-differs': {
    title: 'the error kind differs',
    explanation: 'Both raise, but the implementation raises another exception class than CPython.',
    example: 'errors/raise-each-kind',
  },
  'spurious-error': {
    title: 'an error CPython does not raise',
    explanation: 'The implementation raises an error (a Python class) where CPython completes the operation.',
    example: 'run-scoped/nested-same-var-shadows-and-restores',
  },
  'foreign-error': {
    title: 'a library error CPython has no class for',
    explanation: 'The library raises an error of its own (contract LibraryError) where CPython raises nothing or something else.',
    example: 'run-scoped/nested-same-var-shadows-and-restores',
  },
  unclassified: {
    title: 'unclassified',
    explanation: 'No rule of the taxonomy names this divergence; its provenance is shown as computed.',
    example: '',
  },
} as const satisfies Record<string, CauseSpec>;

export type CauseId = keyof typeof CAUSES;
export const CAUSE_IDS = Object.keys(CAUSES) as CauseId[];

/** The cause stored in a FAIL result (report.json `cause`). */
export interface Cause { id: CauseId; provenance: Provenance }

const isSource = (s: Source | 'default' | undefined): s is Source => s !== undefined && s !== 'default';

/**
 * Whether task `task` visibly started after its creator's turn: in the implementation's trace its
 * first observation comes after the creator's first observation following the create op. A write in
 * a task's first step that leaks is the creator's-turn start unless the trace shows this.
 */
function startedAfterCreatorsTurn(m: ScenarioMap, task: string, actual: readonly Observation[]): boolean {
  const t = m.tasks.get(task);
  if (!t?.parent || !t.madeAt) return true;
  if (t.origin === 'callback' || t.origin === 'thread') return true;
  const child = actual.findIndex((o) => o.task === task);
  const creator = actual.findIndex((o) => o.task === t.parent && pointerOrder(o.step, t.madeAt!) > 0 && !o.step.startsWith(`${t.madeAt}/`));
  return child >= 0 && creator >= 0 && creator < child;
}

function fromValue(m: ScenarioMap, p: Provenance, actual: readonly Observation[]): CauseId {
  const src = p.source, exp = p.expectedSource;
  if (src === 'default' && exp === 'default') return 'default-precedence';
  if (!isSource(src)) return 'unclassified';
  switch (src.relation) {
    case 'child': return src.firstStep && !startedAfterCreatorsTurn(m, src.task, actual) ? 'creator-turn' : 'child-to-parent';
    case 'sibling': case 'other': return src.firstStep && !startedAfterCreatorsTurn(m, src.task, actual) && !ownLaterWriteWins(m, p, src) ? 'creator-turn' : 'sibling-bleed';
    case 'parent': {
      // The parent wrote it after making the reader (or the reader's ancestor that it made).
      const made = ancestorMadeAt(m, p.task, src.task);
      return made !== undefined && pointerOrder(src.step, made) > 0 ? 'parent-later' : 'unclassified';
    }
    case 'shares-context': return 'unclassified';
    case 'itself': {
      // Read through a context whose run wrote the value CPython reads: the write did not stay in it.
      // A get inside c.run(...) reads through c as a ctx_get on c does.
      const through = p.context ?? innermostRun(m, p.step);
      if (isSource(exp) && through !== undefined && exp.inRun === through && src.inRun !== through) return 'context-is-a-value';
      // Read through a context that was copied before this write: the copy follows the original.
      if (p.context !== undefined && src.inRun !== p.context && copiedBefore(m, p.context, src.step)) return 'snapshot-is-live';
      if (src.inRun !== undefined && !insideRunOf(m, p.step, src.inRun)) return 'scope-outlives-body';
      if (src.op === 'with_value' && !p.step.startsWith(`${src.step}/`)) return 'scope-outlives-body';
      if (isSource(exp) && exp.relation === 'itself' && inCallAfterAwait(m, exp.step)) return 'call-set-lost';
      return 'unclassified';
    }
  }
}

/**
 * Whether the reader's own first-step write (the value CPython reads) would have won under
 * creator-turn: both first steps then write into their common creator's context in creation order,
 * and the reader was created after the writer, so a value the earlier sibling wrote reached the
 * reader some other way (the reader ran in that sibling's context).
 */
function ownLaterWriteWins(m: ScenarioMap, p: Provenance, src: Source): boolean {
  const exp = p.expectedSource;
  if (!isSource(exp) || exp.relation !== 'itself' || !exp.firstStep) return false;
  const r = m.tasks.get(p.task), w = m.tasks.get(src.task);
  return r?.madeAt !== undefined && w?.madeAt !== undefined && r.parent === w.parent && pointerOrder(r.madeAt, w.madeAt) > 0;
}

/** The context of the innermost Context.run enclosing an operation in its task. */
function innermostRun(m: ScenarioMap, step: string): string | undefined {
  const run = [...(m.ops.get(step)?.enclosing ?? [])].reverse().find((e) => e.op.op === 'run');
  return run ? (run.op as { context: string }).context : undefined;
}

/** The pointer of the create op, in `ancestor`'s body, that made the reader or the reader's ancestor below it. */
function ancestorMadeAt(m: ScenarioMap, reader: string, ancestor: string): string | undefined {
  let t = m.tasks.get(reader);
  while (t && t.parent !== ancestor) t = t.parent ? m.tasks.get(t.parent) : undefined;
  return t?.madeAt;
}

function copiedBefore(m: ScenarioMap, context: string, step: string): boolean {
  return m.all.some((i) => (i.op.op === 'copy_context' || i.op.op === 'ctx_copy') && (i.op as { as: string }).as === context && pointerOrder(i.pointer, step) < 0);
}

/** The contexts given (context=) to a task and to the tasks it descends from. */
function givenContexts(m: ScenarioMap, task: string): string[] {
  const out: string[] = [];
  for (let t = m.tasks.get(task); t; t = t.parent ? m.tasks.get(t.parent) : undefined) if (t.context !== undefined) out.push(t.context);
  return out;
}

function copiedFrom(m: ScenarioMap, context: string, base: string): boolean {
  return m.all.some((i) => i.op.op === 'ctx_copy' && (i.op as { as: string }).as === context && (i.op as { context: string }).context === base);
}

function insideRunOf(m: ScenarioMap, step: string, context: string): boolean {
  return (m.ops.get(step)?.enclosing ?? []).some((e) => e.op.op === 'run' && (e.op as { context: string }).context === context);
}

function inCallAfterAwait(m: ScenarioMap, step: string): boolean {
  const info = m.ops.get(step);
  if (!info) return false;
  const call = [...info.enclosing].reverse().find((e) => e.op.op === 'call');
  if (!call) return false;
  return info.before.some((b) => b.pointer.startsWith(`${call.pointer}/`) && m.ops.get(b.pointer) && ['sleep', 'await_task', 'event_wait', 'gather', 'call'].includes(b.op.op));
}

/**
 * Whether a `get` CPython answers with its variable's own default reads through a context captured
 * before that variable was declared: the context it runs in (a Context.run, or the copy a task took
 * at creation, its own or an ancestor's) was made earlier in the program than the `var` op.
 */
function capturedBeforeDeclared(m: ScenarioMap, p: Provenance): boolean {
  const read = m.ops.get(p.step);
  if (read?.op.op !== 'get' || Object.prototype.hasOwnProperty.call(read.op, 'default')) return false;
  const v = (read.op as { var: string }).var;
  const decl = m.all.find((i) => i.op.op === 'var' && (i.op as { name: string }).name === v);
  if (!decl || !Object.prototype.hasOwnProperty.call(decl.op, 'default')) return false;
  const before = (pointer: string) => pointerOrder(pointer, decl.pointer) < 0;
  const through = innermostRun(m, p.step);
  if (through !== undefined) {
    const made = m.all.find((i) => ['copy_context', 'ctx_copy', 'new_context'].includes(i.op.op) && (i.op as { as?: string }).as === through);
    return made !== undefined && before(made.pointer);
  }
  for (let t = m.tasks.get(p.task); t?.madeAt; t = t.parent ? m.tasks.get(t.parent) : undefined)
    if (t.context === undefined && before(t.madeAt)) return true;
  return false;
}

/** A binding CPython has and the implementation lacks: through a context that holds it (a value, not an object), else the boundary that lost it. */
function fromMissing(m: ScenarioMap, p: Provenance): CauseId {
  const exp = p.expectedSource;
  if (exp === 'default' && p.actualError !== NO_CONTEXT && capturedBeforeDeclared(m, p)) return 'default-lost-in-earlier-context';
  // No context at all is lost at a boundary, whatever the context held.
  if (isSource(exp) && p.actualError !== NO_CONTEXT) {
    if (p.context !== undefined && (exp.inRun === p.context || m.tasks.get(exp.task)?.context === p.context)) return 'context-is-a-value';
    // Read through a copy of the context the write went into (c.copy() after a c.run): the write never reached c.
    if (p.context !== undefined && exp.inRun !== undefined && copiedFrom(m, p.context, exp.inRun)) return 'context-is-a-value';
    if (exp.relation === 'shares-context') return 'context-is-a-value';
    // The reader (or the task it descends from) runs in the context a Context.run wrote into beforehand.
    if (exp.inRun !== undefined && givenContexts(m, p.task).includes(exp.inRun)) return 'context-is-a-value';
    if (exp.relation === 'itself' && inCallAfterAwait(m, exp.step)) return 'call-set-lost';
    if (exp.relation === 'child' || exp.relation === 'sibling' || exp.relation === 'other') {
      const t = m.tasks.get(exp.task);
      if (t?.context !== undefined) return 'context-is-a-value';
    }
  }
  switch (p.boundary?.kind) {
    case 'await': case 'scope-exit': return 'lost-at-await';
    case 'task-start': return 'lost-at-task-start';
    case 'callback': return 'lost-in-callback';
    case 'run': return 'context-is-a-value';
    case 'scope-entry': case 'main-start': case 'thread': case undefined: return 'unclassified';
  }
}

export function classify(m: ScenarioMap, p: Provenance, actual: readonly Observation[] = []): CauseId {
  switch (p.kind) {
    case 'refusal-missing': return 'refusal-missing';
    case 'error-kind': return 'error-kind-differs';
    case 'foreign-error': return 'foreign-error';
    case 'spurious-error': return 'spurious-error';
    case 'missing-binding': return fromMissing(m, p);
    case 'value': return fromValue(m, p, actual);
    case 'other': return 'unclassified';
  }
}

/** The primary cause of a FAIL. */
export function causeOf(s: Scenario, expected: readonly Observation[], actual: readonly Observation[], d: Divergence): Cause {
  const m = mapScenario(s);
  const provenance = explainDivergence(s, expected, actual, d, m);
  return { id: classify(m, provenance, actual), provenance };
}
