/**
 * Bundles a runner entry (entries/*.ts) into one ES module for a runtime that cannot run the
 * harness's TypeScript itself. esbuild (it comes with tsx) is imported only here, on first use, so
 * only runtime rows need it; from the build (dist/) the entry is the compiled .js. Built at most once per harness process into
 * RUNTIMES_DIR/runner/ (never committed); a temporary name and a rename keep two harness
 * processes from reading each other's half-written file.
 */
import { mkdirSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OWN_EXTENSION, type JsAdapterName } from '../adapters/builtin.ts';
import { RUNTIMES_DIR } from './runtimes.ts';

const built = new Map<string, Promise<string>>();

export function bundleFor(adapter: JsAdapterName, conditions: string[]): Promise<string> {
  const key = `${adapter}-${conditions.join('+')}`;
  let p = built.get(key);
  if (!p) {
    p = make(adapter, conditions, key);
    built.set(key, p);
    p.catch(() => built.delete(key));
  }
  return p;
}

async function make(adapter: JsAdapterName, conditions: string[], key: string): Promise<string> {
  const dir = `${RUNTIMES_DIR}runner/`;
  mkdirSync(dir, { recursive: true });
  const out = `${dir}${key}.mjs`;
  const tmp = `${out}.${process.pid}.tmp`;
  const { build } = await import('esbuild');
  await build({
    entryPoints: [fileURLToPath(new URL(`./entries/${adapter}${OWN_EXTENSION}`, import.meta.url))],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions,
    logLevel: 'silent',
    // Bundled CommonJS code may call require(); give the ES module one.
    banner: { js: "import { createRequire as __pep567Require } from 'node:module'; const require = __pep567Require(import.meta.url);" },
  });
  renameSync(tmp, out);
  return out;
}
