// Resolve hook for use-dist.mjs: ROOT/harness/X.ts -> ROOT/dist/X.js when that file exists.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../../', import.meta.url).href;
const SRC = `${ROOT}harness/`;
const OUT = `${ROOT}dist/`;

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (!r.url.startsWith(SRC) || !/\.ts(\?|$)/.test(r.url) || r.url.startsWith(`${SRC}bench/`)) return r;
  const url = OUT + r.url.slice(SRC.length).replace(/\.ts(?=\?|$)/, '.js');
  return existsSync(fileURLToPath(url.split('?')[0])) ? { ...r, url, format: 'module' } : r;
}
