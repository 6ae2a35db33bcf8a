/**
 * Races a promise with a timer. The timer keeps the process alive: a scenario whose promises all
 * hang with nothing scheduled must end as TIMEOUT, not let Node exit with "unsettled top-level await".
 */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}
