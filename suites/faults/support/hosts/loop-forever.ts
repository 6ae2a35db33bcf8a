/** The second get loops for ever, synchronously: TIMEOUT from outside, the host killed and restarted. */
import { faulty, onSecondGet } from './faulty.ts';
export const createAdapter = faulty('loop-forever', (a) => onSecondGet(a, () => { for (;;) { /* never returns */ } }));
