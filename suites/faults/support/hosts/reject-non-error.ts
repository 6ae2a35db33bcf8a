/** runMain rejects with a number, not an Error: ERROR. */
import { faulty } from './faulty.ts';
export const createAdapter = faulty('reject-non-error', () => ({ runMain: () => Promise.reject(42) }));
