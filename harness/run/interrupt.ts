/**
 * SIGINT and SIGTERM during a run: the first one aborts the run's AbortSignal (no new scenario
 * starts, the one in flight is abandoned, the children are closed, the report of what finished is
 * written); a second one exits at once.
 */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';
export const INTERRUPT_SIGNALS: readonly InterruptSignal[] = ['SIGINT', 'SIGTERM'];
/** 128 + the signal number, as a shell reports a process the signal ended. */
export const INTERRUPT_EXIT: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export interface Interrupts {
  readonly signal: AbortSignal;
  /** The signal received first, if any. */
  received(): InterruptSignal | undefined;
  dispose(): void;
}

export function catchInterrupts(say: (line: string) => void = (l) => { process.stderr.write(l + '\n'); }): Interrupts {
  const controller = new AbortController();
  let first: InterruptSignal | undefined;
  const handlers = INTERRUPT_SIGNALS.map((sig) => {
    const h = () => {
      if (first) process.exit(INTERRUPT_EXIT[sig]);
      first = sig;
      say(`pep567: ${sig}: stopping; writing the report of what finished (${sig} again to quit at once)`);
      controller.abort(sig);
    };
    process.on(sig, h);
    return [sig, h] as const;
  });
  return {
    signal: controller.signal,
    received: () => first,
    dispose: () => { for (const [sig, h] of handlers) process.off(sig, h); },
  };
}

const ABORTED: unique symbol = Symbol('aborted');
export { ABORTED };

/** p, or ABORTED as soon as signal aborts (p then goes on unobserved). */
export async function unlessAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> {
  if (!signal) return p;
  if (signal.aborted) return ABORTED;
  p.catch(() => { /* abandoned after an abort: nobody waits for it any more */ });
  let off = () => {};
  const aborted = new Promise<typeof ABORTED>((res) => {
    const h = () => res(ABORTED);
    signal.addEventListener('abort', h, { once: true });
    off = () => signal.removeEventListener('abort', h);
  });
  try { return await Promise.race([p, aborted]); } finally { off(); }
}
