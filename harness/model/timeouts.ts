/**
 * asyncio.timeout (timeouts.py, 3.11+) as the scenario format uses it: `async with
 * asyncio.timeout(0 if expire else None)`. A timeout due at once is a call_soon of its handler made
 * as the block is entered: the handler cancels the task, so the body sees CancelledError at its
 * first suspension; the block's exit takes that request back and, when it was the only new one and
 * the body ended with the CancelledError, raises TimeoutError instead. A body that ends without
 * suspending exits first, and the exit cancels the handler.
 */
import { PyError } from './contextvars.ts';
import { isCancelled, type EventLoop } from './event-loop.ts';
import { bodyOutcome, notSuspended } from '../contract/no-suspension.ts';

export function timeout(loop: EventLoop, body: () => Promise<void>, expire: boolean): Promise<void> {
  const task = loop.runningTask();
  // __aenter__: the requests already pending, then reschedule(when): when <= loop.time() is call_soon.
  const cancelling = task.cancelling();
  let handlerLive = expire, expiring = false;
  if (expire) loop.callSoon(() => {
    // A cancelled handle still comes up in the ready queue; it just does nothing.
    if (!handlerLive) return;
    handlerLive = false;
    task.cancel();
    expiring = true;
  });
  // __aexit__: the handler cancelled; an expired block takes its request back first.
  const exit = (failed: boolean, error: unknown): void => {
    handlerLive = false;
    if (expiring && task.uncancel() <= cancelling && failed && isCancelled(error)) throw new PyError('TimeoutError', '');
    if (failed) throw error;
  };
  // The body is the interpreter's (exec), which returns a promise and never throws.
  const p = body();
  // A body that ran to its end without suspending: neither __aenter__ nor __aexit__ yields, so the
  // block costs its task no turn (contract 1.8).
  const o = bodyOutcome(p);
  if (!o) return exitAfter(p, exit);
  try { exit(!o.ok, o.ok ? undefined : o.error); } catch (e) { return notSuspended({ ok: false, error: e }); }
  return notSuspended({ ok: true });
}

async function exitAfter(body: Promise<void>, exit: (failed: boolean, error: unknown) => void): Promise<void> {
  let failed = false, error: unknown;
  try { await body; } catch (e) { failed = true; error = e; }
  exit(failed, error);
}
