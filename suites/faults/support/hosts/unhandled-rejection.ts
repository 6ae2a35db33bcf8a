/** Leaves a promise rejection nobody handles: ignored, as in process (the trace shows any effect): PASS. */
import { faulty } from './faulty.ts';
export const createAdapter = faulty('unhandled-rejection', (a) => ({
  runMain: (body) => { void Promise.reject(new Error('nobody listens')); return a.runMain(body); },
}));
