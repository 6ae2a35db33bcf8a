// Shared by the forging probes: the recorded CPython answer for a scenario id, read from the
// reference traces shipped in this repository (what a forger would copy).
import { readFileSync } from 'node:fs';

const ROOT = new URL('../../../', import.meta.url);
export function referenceTrace(id) {
  return JSON.parse(readFileSync(new URL(`reference/traces/cpython-3.13.0/${id}.json`, ROOT), 'utf8'));
}
export { createAdapter } from '../../../dist/adapters/node-als.js';

/** The request the host is serving, as far as a patched JSON.parse lets the forger see it. */
export const seen = { id: undefined, hash: undefined };
const parse = JSON.parse;
JSON.parse = function (text, ...rest) {
  const v = parse.call(this, text, ...rest);
  if (v && typeof v === 'object' && typeof v.id === 'string' && v.scenario) seen.id = v.id;
  return v;
};
