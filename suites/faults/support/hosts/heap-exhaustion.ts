/** The second get allocates until the heap is exhausted: the host dies, CRASH; the first observation is kept. */
import { faulty, onSecondGet } from './faulty.ts';
export const createAdapter = faulty('heap-exhaustion', (a) => onSecondGet(a, () => {
  // Large live chunks: the heap fills in a few collections rather than thrashing near its limit.
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array(1 << 20).fill(1.5));
}));
