/** The second get ends the process with status 1: CRASH; the first observation is kept. */
import { faulty, onSecondGet } from './faulty.ts';
export const createAdapter = faulty('exit-1', (a) => onSecondGet(a, () => process.exit(1)));
