// node-als under a hostile name and version, whose unset-variable lookups throw an error it cannot
// classify with a hostile message: each carries a newline, a GitHub workflow command, an escape
// sequence and a carriage return.
import { createAdapter as base } from '../../../dist/adapters/node-als.js';

const EVIL = '\n::error title=forged::pwned\u001b[31m\r::add-mask::x';
export async function createAdapter(options) {
  const a = await base(options);
  const get = a.get.bind(a);
  return Object.assign(a, {
    name: `node-als${EVIL}`,
    version: `1.0${EVIL}`,
    get(v, d) {
      try { return get(v, d); } catch { throw new Error(`lookup failed${EVIL}`); }
    },
  });
}
