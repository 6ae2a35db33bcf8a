/** Small timing helpers: medians over repetitions after warm-ups, so one noisy run moves nothing. */

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

export const round = (x: number, digits = 1): number => { const f = 10 ** digits; return Math.round(x * f) / f; };
