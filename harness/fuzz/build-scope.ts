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
  concurrent: boolean;
  body(raw: RawOp[], scope: Scope, frame: Frame): { ops: Op[]; exported: Scope };
  needContext(scope: Scope, pick: number, out: Op[]): string;
  escape(scope: Scope): void;
  droppable(g: string): boolean;
  drop(generator: string): Op;
  allowed(op: Op | SyncOp): boolean;
}
