/**
 * What a host process has scheduled, from Node's own list of the resources that keep its event loop
 * alive (process.getActiveResourcesInfo: timers, immediates, pending I/O, workers; unref'd ones are
 * left out). Compared with the list taken while the host is idle (its stdin and stdout pipes), it
 * tells a scenario that can still make progress from one that cannot: every task waits on a promise
 * and nothing is scheduled that could ever settle one. Only under Node: Bun and Deno answer the call
 * differently, so there the harness's timeout decides.
 */

export function resourcesWatchable(): boolean {
  const g = globalThis as { Bun?: unknown; Deno?: unknown };
  return !g.Bun && !g.Deno && typeof process.getActiveResourcesInfo === 'function';
}

export function snapshot(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

/** Resources beyond the idle ones, all kinds; timers and immediates only with `timersOnly`. */
function beyond(idle: Map<string, number>, timersOnly: boolean): number {
  let n = 0;
  for (const [r, c] of snapshot()) {
    if (timersOnly && r !== 'Timeout' && r !== 'Immediate') continue;
    n += Math.max(0, c - (idle.get(r) ?? 0));
  }
  return n;
}

/** Timers and immediates a finished scenario left scheduled. */
export function leftBehind(idle: Map<string, number>): number {
  return beyond(idle, true);
}

/** How often the stall check looks, and how many quiet looks in a row make a stall. */
const POLL_MS = 10;
const QUIET_LOOKS = 2;

/**
 * Calls onStall once nothing beyond the idle resources has been scheduled for QUIET_LOOKS checks in
 * a row. The check is a macrotask, so the microtask queue has drained whenever it runs. Its timer is
 * unref'd: it never counts itself, and never keeps the host alive. Returns a function that stops it.
 */
export function watchStall(idle: Map<string, number>, onStall: () => void): () => void {
  let quiet = 0;
  const timer = setInterval(() => {
    if (beyond(idle, false) > 0) { quiet = 0; return; }
    if (++quiet < QUIET_LOOKS) return;
    clearInterval(timer);
    onStall();
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
