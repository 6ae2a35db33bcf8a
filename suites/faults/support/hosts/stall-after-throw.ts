/** node-als, except that setting an event raises TypeError: the waiter stalls, but the observations already diverge: FAIL. */
import { faulty } from './faulty.ts';
export const createAdapter = faulty('stall-after-throw', (a) => ({
  setEvent: () => { throw new TypeError('cannot set'); },
  classifyError: (e) => (e instanceof TypeError ? { kind: 'TypeError', message: e.message } : a.classifyError(e)),
}), 'node-als');
