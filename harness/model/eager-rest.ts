/**
 * The rest of an eager first step. CPython runs an eager task's first step inside create_task
 * until the coroutine really suspends. An await that does not suspend (an empty `call`, a done
 * task) costs the model no turn (contract 1.8, notSuspended), but a hook whose own code awaits (a
 * gather whose children all ended at once) settles only in a later JS microtask, so create_task
 * returns while such a body is still in its first step. The creator then runs that
 * rest before it goes on (at its next hook, between gather's children, or as its step or callback
 * ends): in the task's own context, as the running task, until the body parks or ends. Children
 * an eager part left unfinished run first, nested as the create_task calls were, so contexts are
 * entered and left in order.
 */
import type { Context, ContextRuntime } from './contextvars.ts';
import type { Deviations } from './flags.ts';

/** An eager first step that did not park inside create_task: over once the body parks or ends. */
export interface EagerRest { creator: Task | undefined; settled: Promise<void>; settle: () => void; over: boolean }

/** What the rest of an eager step reads and sets on a task (event-loop.ts's Task; named here so the loop's module imports this one, not the reverse). */
interface Task { readonly loop: EventLoop; readonly done: boolean; context: Context | undefined; inEagerSync: boolean; eagerRest: EagerRest | undefined; eagerChildrenWaiter: (() => void) | undefined; restGate: (() => void) | undefined }
/** What it reads and sets on the loop (event-loop.ts's EventLoop). */
interface EventLoop { currentTask: Task | undefined; readonly unfinishedEager: Task[]; readonly runtime: ContextRuntime }

/** Deviations only: the eager step runs in the creator's context, or in the parent's, which is the task's own. */
export const eagerInCreator = (d: Deviations): boolean => d.eagerInCreatorContext || d.taskSharesParent;

/**
 * Called as create_task's synchronous part ends with the body neither parked nor ended, or ended
 * with eager children of its own whose first steps did not end: the creator runs those rests.
 */
export function leaveUnfinished(task: Task, creator: Task | undefined): void {
  let settle!: () => void;
  const settled = new Promise<void>((r) => { settle = r; });
  const rest: EagerRest = { creator, settled, settle: () => { rest.over = true; settle(); }, over: false };
  task.eagerRest = rest;
  task.loop.unfinishedEager.push(task);
  if (task.done) rest.settle();
}

/** Whether `creator` (by default the running task, or the callback when none runs) made eager tasks whose first step has not ended. */
export function hasUnfinishedEager(loop: EventLoop, creator = loop.currentTask): boolean {
  return loop.unfinishedEager.some((u) => u.eagerRest!.creator === creator);
}

/**
 * The running task waits for the rest of its eager children's first steps. Inside its own eager
 * part nothing can be entered (create_task's caller is on the stack): whoever runs the rest of
 * that step runs these first.
 */
export function finishEager(loop: EventLoop): Promise<void> {
  const x = loop.currentTask;
  if (x?.inEagerSync) return new Promise<void>((r) => { x.eagerChildrenWaiter = r; });
  return runEagerChildren(loop, x);
}

/** Runs the rest of each unfinished eager first step `creator` started, in creation order. */
async function runEagerChildren(loop: EventLoop, creator: Task | undefined): Promise<void> {
  for (let i; (i = loop.unfinishedEager.findIndex((u) => u.eagerRest!.creator === creator)) >= 0;) {
    const [u] = loop.unfinishedEager.splice(i, 1);
    await runEagerRest(u!);
  }
}

/** One task's rest: its unfinished children's first, then its body until it parks or ends. */
async function runEagerRest(task: Task): Promise<void> {
  const rest = task.eagerRest;
  const loop = task.loop, rt = loop.runtime;
  // A body that ended (or parked) on its own still leaves the first steps of its eager children to end here.
  if (!rest || (rest.over && !hasUnfinishedEager(loop, task))) return;
  const inCreator = eagerInCreator(rt.deviations);
  const creator = loop.currentTask;
  if (!inCreator) rt.enter(task.context!);
  loop.currentTask = task;
  try {
    await runEagerChildren(loop, task);
    const w = task.eagerChildrenWaiter, g = task.restGate;
    task.eagerChildrenWaiter = task.restGate = undefined;
    w?.();
    g?.();
    await rest.settled;
    // A body that ended with no further hook may have made eager tasks after its last one: their
    // first steps end inside this one, as CPython's create_task would have run them.
    await runEagerChildren(loop, task);
  } finally {
    loop.currentTask = creator;
    if (!inCreator) rt.leave(task.context!);
  }
}
