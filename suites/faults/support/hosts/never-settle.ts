/** runMain returns a promise that never settles and schedules nothing: STALLED at once, not TIMEOUT. */
import { faulty } from './faulty.ts';
export const createAdapter = faulty('never-settle', () => ({ runMain: () => new Promise<void>(() => {}) }));
