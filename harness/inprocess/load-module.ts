/**
 * Imports an adapter module named on the command line. JavaScript loads as is. TypeScript loads
 * with Node's own type stripping where it has it (Node >= 22.18, >= 23.6), else through tsx,
 * an optional peer dependency registered when this process cannot import TypeScript yet (a
 * process already running under tsx, like the test suite, needs nothing). The check imports a
 * throwaway .ts file, not the adapter: Node caches a failed import, with everything it imported.
 * A JavaScript adapter that may reach TypeScript (ts-reach.ts) gets the same loader first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mayNeedTypeScript } from './ts-reach.ts';

const TS = /\.[cm]?ts$/;

export class TypeScriptLoaderMissing extends Error {}

let tsx: Promise<boolean> | undefined;
/** Registers tsx's ESM hooks once; false when tsx is not installed. */
function registerTsx(): Promise<boolean> {
  tsx ??= import('tsx/esm/api').then((m) => { m.register(); return true; }, () => false);
  return tsx;
}

export const loaderAdvice = (file: string): string =>
  `${file} is TypeScript and this Node (${process.version}) cannot strip types: install tsx next to pep567-conformance ` +
  '(npm install --save-dev tsx), run on Node 22.18 or later, or compile the adapter to JavaScript';

let canImportTs: Promise<boolean> | undefined;
function importsTypeScript(): Promise<boolean> {
  canImportTs ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pep567-ts-probe-'));
    try {
      const file = join(dir, 'probe.ts');
      writeFileSync(file, 'export const ok: boolean = true;\n');
      return (await import(pathToFileURL(file).href)).ok === true;
    } catch {
      return false;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return canImportTs;
}

/** Node strips no types under node_modules (a shipped example's TypeScript twin, run where it is). */
const inNodeModules = (path: string) => /[\\/]node_modules[\\/]/.test(path);

export const nodeModulesAdvice = (file: string): string =>
  `${file} is TypeScript under node_modules, where Node strips no types: copy it into your project ` +
  '(then --impl ./its-name.ts) or run its JavaScript twin';

export async function importModule(url: URL): Promise<unknown> {
  // A JavaScript adapter may import TypeScript too (a wrapper of a .ts module): wherever tsx is
  // installed and Node cannot strip types, it is registered before such an adapter loads. One that
  // cannot reach TypeScript (ts-reach.ts, which errs towards yes) loads as is, with no loader.
  if (!TS.test(url.pathname) && !mayNeedTypeScript(url).needs) return import(url.href);
  if (!await importsTypeScript() && !await registerTsx() && TS.test(url.pathname)) throw new TypeScriptLoaderMissing(loaderAdvice(url.pathname));
  // Where Node strips types itself, tsx's hooks leave .ts to it, so no loader helps there.
  if (TS.test(url.pathname) && inNodeModules(url.pathname) && await importsTypeScript()) throw new TypeScriptLoaderMissing(nodeModulesAdvice(url.pathname));
  return import(url.href);
}
