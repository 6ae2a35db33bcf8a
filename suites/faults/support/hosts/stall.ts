/** node-als, except that setting an event does nothing: the task waiting on it waits for ever with nothing scheduled and nothing diverged yet: STALLED. */
import { faulty } from './faulty.ts';
export const createAdapter = faulty('stall', () => ({ setEvent: () => {} }), 'node-als');
