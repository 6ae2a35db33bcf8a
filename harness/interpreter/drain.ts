/** The end of main: every task awaited, every call_soon callback run (interpret.ts and, for a runner's run, compile-async.ts). */
import type { Waiting } from '../primitives/waiting.ts';
import { HarnessFault } from './errors.ts';
import { awaitOutcome } from '../contract/no-suspension.ts';
import type { RunState } from './state.ts';

/** After this many yields with callbacks still pending, the adapter is taken to have lost them. */
const MAX_DRAIN_YIELDS = 10_000;

/**
 * The recorder's end of main (and of a runner's run, from the tasks it made), step for step: await
 * every task not yet awaited, in creation order (tasks made meanwhile included), then yield until
 * every call_soon callback ran.
 */
export async function drain(r: RunState, from = 0, task = 'main', step = '/program'): Promise<void> {
  const spawned = r.names.spawned;
  const w: Waiting = { task, step, op: 'drain' };
  r.waitStart(w);
  try {
    for (let i = from; i < spawned.length; i++) {
      const t = spawned[i]!;
      if (t.awaited) continue;
      try {
        // A task already done costs the recorder's `await task` no suspension (contract 1.8).
        const p = t.wait(), o = awaitOutcome(p);
        if (!o) await p;
        else if (!o.ok) throw o.error;
      } catch (e) {
        if (e instanceof HarnessFault) r.problem(e.message, e);
        /* otherwise already recorded in that task's end */
      }
      // A runner's run drains its own tasks: main's drain must not wait for them on another loop.
      t.awaited = true;
    }
    let yields = 0;
    while (r.pendingCallbacks > 0) {
      if (++yields > MAX_DRAIN_YIELDS) throw new HarnessFault(`${r.pendingCallbacks} call_soon callback(s) never ran`);
      await r.a.yieldOnce();
    }
  } finally {
    r.waitEnd(w);
  }
}
