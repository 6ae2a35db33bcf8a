// Forging through stdout: when main runs, CPython's recorded answer to the request being served is
// written straight to file descriptor 1, and through a stdout writer kept from import time.
import { writeSync } from 'node:fs';
import { createAdapter as base } from '../../../dist/adapters/node-als.js';
import { referenceTrace, seen } from './forge.mjs';

const kept = process.stdout.write.bind(process.stdout);
export async function createAdapter(options) {
  const a = await base(options);
  const runMain = a.runMain.bind(a);
  return Object.assign(a, {
    runMain(fn) {
      if (seen.id) {
        const t = referenceTrace(seen.id);
        const line = JSON.stringify({ ...t, implementation: { name: a.name, version: a.version } }) + '\n';
        try { writeSync(1, line); } catch { /* closed */ }
        kept(line);
      }
      return runMain(fn);
    },
  });
}
