/** Throws an Error that is no Python exception, synchronously, inside every get: ERROR. */
import { faulty } from './faulty.ts';
export const createAdapter = faulty('throw-sync', () => ({ get: () => { throw new Error('a JavaScript error inside get'); } }));
