/** Small timing helpers: medians over repetitions after warm-ups, so one noisy run moves nothing. */

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Milliseconds of each measured repetition of fn (warm-ups are run and dropped). */
export async function repeatMs(fn: () => unknown | Promise<unknown>, o: { warmups: number; reps: number }): Promise<number[]> {
  for (let i = 0; i < o.warmups; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < o.reps; i++) {
    const t0 = now();
    await fn();
    out.push(now() - t0);
  }
  return out;
}

export const round = (x: number, digits = 1): number => { const f = 10 ** digits; return Math.round(x * f) / f; };

export const mib = (kib: number): number => round(kib / 1024, 1);
