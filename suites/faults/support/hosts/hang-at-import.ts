/** Never finishes loading (an import that awaits for ever, kept alive by a timer): every scenario TIMEOUT, naming the module. */
import { faulty } from './faulty.ts';
setInterval(() => {}, 1000);
await new Promise(() => {});
export const createAdapter = faulty('hang-at-import', () => ({}));
