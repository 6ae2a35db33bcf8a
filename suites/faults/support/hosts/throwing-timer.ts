/** Leaves a timer behind that would throw during a later scenario: ERROR, and the host is replaced so it never fires. */
import { faulty } from './faulty.ts';
export const createAdapter = faulty('throwing-timer', (a) => ({
  runMain: (body) => { setTimeout(() => { throw new Error('thrown from a timer left behind'); }, 50); return a.runMain(body); },
}));
