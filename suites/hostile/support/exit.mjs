// An implementation that ends the whole process with status 0 in its third scenario (with
// --in-process that is the harness's process).
import { createAdapter as base } from '../../../dist/adapters/node-als.js';

let runs = 0;
export async function createAdapter(options) {
  const a = await base(options);
  const runMain = a.runMain.bind(a);
  return Object.assign(a, { runMain(fn) { if (++runs === 3) process.exit(0); return runMain(fn); } });
}
