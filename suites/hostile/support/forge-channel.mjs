// Forging on the host's own channel: CPython's recorded answer written to file descriptor 3, where
// the host speaks to the harness (for the request being served when the forger could see it, else
// for a scenario it guesses). Without the host's secret every such line is refused: PROTOCOL_ERROR.
import { writeSync } from 'node:fs';
import { createAdapter as base } from '../../../dist/adapters/node-als.js';
import { referenceTrace, seen } from './forge.mjs';

export async function createAdapter(options) {
  const a = await base(options);
  const runMain = a.runMain.bind(a);
  return Object.assign(a, {
    runMain(fn) {
      const t = referenceTrace(seen.id ?? 'getset/get-lookup-order');
      try { writeSync(3, JSON.stringify({ ...t, implementation: { name: a.name, version: a.version } }) + '\n'); } catch { /* no such fd */ }
      return runMain(fn);
    },
  });
}
