/** The second get ends the process with status 0: CRASH, never a green run; the first observation is kept. */
import { faulty, onSecondGet } from './faulty.ts';
export const createAdapter = faulty('exit-0', (a) => onSecondGet(a, () => process.exit(0)));
