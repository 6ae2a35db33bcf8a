/** The builder's bookkeeping types (build.ts, build-more.ts): what a body sees, and how it runs. */
import type { AsyncOp, SyncOp } from '../format/scenario.ts';
import type { RawOp } from './raw.ts';
import type { Gate } from './gate.ts';

export type Op = AsyncOp;

export interface Scope {
  vars: string[];
  tokens: { name: string; var: string }[];
  contexts: string[];
  tasks: string[];
  /** Functions (fn_def), futures (future_new) and those surely resolved by now, async and plain generators. */
  fns: string[];
  futures: string[];
  resolved: string[];
  agens: string[];
  gens: string[];
}

export interface Frame {
  kind: 'sync' | 'async' | 'gen';
  /** Errors must not escape this body: risky operations are wrapped in try. */
  safe: boolean;
  /** Contexts entered right now (enclosing run bodies, the task's or callback's own context=). */
  entered: string[];
  /**
   * Contexts the tasks that made this one (or gathered it) may hold entered below it: under the
   * eager factory a task's first step runs inside create_task, in its creator's step.
   */
  held?: string[];
  /** Inside a call_soon body: no tasks or callbacks. */
  callback: boolean;
  /** Name of the task group whose body this is, at its top level only. */
  group?: string;
  /** The top level of main: tasks made here may wait on an event main sets. */
  mainTop: boolean;
  /** The body may run several times (a function, the exception handler): it binds no names. */
  repeat?: boolean;
  /** The body may run outside the loop's thread (a thread, a function, a generator): nothing that needs the loop. */
  noLoop?: boolean;
  /** The main task's own flow (its body and the bodies it runs in place). */
  inMain?: boolean;
}

export const emptyScope = (): Scope => ({ vars: [], tokens: [], contexts: [], tasks: [], fns: [], futures: [], resolved: [], agens: [], gens: [] });
export const cloneScope = (s: Scope): Scope => ({
  vars: [...s.vars], tokens: [...s.tokens], contexts: [...s.contexts], tasks: [...s.tasks],
  fns: [...s.fns], futures: [...s.futures], resolved: [...s.resolved], agens: [...s.agens], gens: [...s.gens],
});
export const at = <T>(xs: T[], i: number): T => xs[i % xs.length]!;

/**
 * Contexts that may be entered while this body runs, its creators' included: a task given one of
 * them as context= would enter it again in its eager first step, which CPython 3.12 and 3.13 refuse
 * inside create_task, and then the recorder's run never ends (issue 18's gh-157301 exclusion;
 * found again by fuzz-scale, seed 10001, for a gather child's task inside an eager task's step).
 */
export const enteredBelow = (frame: Frame): string[] => [...frame.entered, ...(frame.held ?? [])];

/**
 * Whether entering `context` where `entered` are entered may raise ("already entered"): it is one
 * of them by name, or a name task_get_context bound (`aliases`: the task's own context, which may be
 * any context, entered or not) is it or among them. fuzz-scale found both against CPython 3.13.0
 * (seed 12003: a token bound in such a run used after it; 20001: main's error left a task waiting).
 */
export const mayEnterTwice = (context: string, entered: readonly string[], aliases: ReadonlySet<string>): boolean =>
  entered.includes(context) || (aliases.size > 0 && (aliases.has(context) || entered.some((e) => aliases.has(e))));

/** What the rules of build-more.ts use of the builder (build.ts's Builder). */
export interface BuilderApi {
  readonly gate: Gate;
  readonly n: { v: number; t: number; c: number; task: number; g: number; e: number; f: number };
  readonly resolvedAnywhere: Set<string>;
  readonly dropped: Set<string>;
  readonly dropAtEnd: Map<Op[], string[]>;
  /** Tasks a cancel may name (build-more.ts), tasks some await_task waits for, tasks some cancel names. */
  readonly cancellable: Set<string>;
  readonly awaited: Set<string>;
  readonly cancelled: Set<string>;
  taskInEnteredContext: boolean;
  /** Contexts bound by task_get_context (mayEnterTwice). */
  readonly aliases: Set<string>;
  concurrent: boolean;
  body(raw: RawOp[], scope: Scope, frame: Frame): { ops: Op[]; exported: Scope };
  needVar(scope: Scope, pick: number, out: Op[]): string;
  needContext(scope: Scope, pick: number, out: Op[]): string;
  escape(scope: Scope): void;
  droppable(g: string): boolean;
  drop(generator: string): Op;
  allowed(op: Op | SyncOp): boolean;
}
