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

export async function timeout(loop: EventLoop, body: () => Promise<void>, expire: boolean): Promise<void> {
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
  let failed = false, error: unknown;
  try { await body(); } catch (e) { failed = true; error = e; }
  // __aexit__: the handler cancelled; an expired block takes its request back first.
  handlerLive = false;
  if (expiring && task.uncancel() <= cancelling && failed && isCancelled(error)) throw new PyError('TimeoutError', '');
  if (failed) throw error;
}
