/**
 * Whether importing a JavaScript adapter may need a TypeScript loader (load-module.ts): registering
 * tsx costs a process or thread about half a second of CPU on Node 20, and most adapters never meet
 * TypeScript. A failed import cannot simply be retried after registering (Node caches the failure,
 * with every module it reached), so this decides beforehand, from the files, and errs towards yes.
 *
 * It follows the static and literal dynamic imports (and literal require()s) from the adapter, and
 * answers yes on anything that tsx could load differently from Node itself: a TypeScript or JSX file;
 * a relative specifier naming no existing .js/.mjs/.cjs/.json file (tsx resolves extensionless and
 * .js-to-.ts specifiers) or a JSON file imported without `with { type: 'json' }` (which tsx loads); an import()
 * or require() of a computed specifier; a package specifier Node cannot find
 * by itself (tsconfig paths), a package that is not installed under node_modules (a linked workspace
 * package, run from its sources), or one whose entry points name TypeScript; too many files to read.
 * An installed package's own files are not read: a published package runs on plain Node.
 * Comments and strings are not parsed out: an import-like text in them can only add a yes.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TS_OR_JSX = /\.(?:[cm]?tsx?|jsx)$/;
const JS = new Set(['.js', '.mjs', '.cjs']);
const MAX_FILES = 400;

/** `from '…'`, a bare `import '…'`, and `import('…')` / `require('…')` with one string literal argument. */
const STATIC = /\b(?:from|import)\s*(['"])([^'"\n]+)\1/g;
const CALL = /(?<![\w$.])(import|require)\s*\(/g;
const LITERAL_ARG = /^\s*(['"])([^'"\n]+)\1\s*[,)]/;

type Verdict = { needs: true; why: string } | { needs: false };
const yes = (why: string): Verdict => ({ needs: true, why });

/** What follows a JSON import that Node loads as tsx does: `with { type: 'json' }` (or the older `assert`). */
const JSON_ATTRIBUTE = /^\s*(?:with|assert)\s*\{\s*type\s*:\s*(['"])json\1\s*\}/;

/** The specifiers a file imports, a JSON one marked `json:` when it carries the attribute; or why it cannot be known. */
function specifiers(text: string): string[] | string {
  const out: string[] = [];
  for (const m of text.matchAll(STATIC)) {
    const attributed = JSON_ATTRIBUTE.test(text.slice(m.index + m[0].length, m.index + m[0].length + 60));
    out.push(attributed ? `json:${m[2]!}` : m[2]!);
  }
  for (const m of text.matchAll(CALL)) {
    const arg = LITERAL_ARG.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 300));
    if (arg) out.push(arg[2]!);
    else return `${m[1]}() of a computed specifier`;
  }
  return out;
}

const isFile = (p: string) => { try { return statSync(p).isFile(); } catch { return false; } };

/**
 * The modules a manifest's entry points name (exports under any condition but the type checker's,
 * main, module): declaration files and JSON (an exported package.json) are no module an import of
 * the package's code loads.
 */
function entryPoints(manifest: { exports?: unknown; main?: unknown; module?: unknown }): string[] {
  const out: string[] = [];
  const collect = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'types' && k !== 'typings') collect(x);
  };
  collect([manifest.exports, manifest.main, manifest.module]);
  return out.filter((t) => !/\.d\.[cm]?ts$|\.json$/.test(t));
}

const readManifest = (file: string): any => { try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return undefined; } };

/**
 * A package import: yes, or the files to read on. A package naming itself (Node's self-reference,
 * from the nearest package.json) is the user's own code: its entry points are read on. An
 * installed one is not read: only its entry points' names are checked.
 */
function packageVerdict(spec: string, from: string): Verdict | string[] {
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  if (/\.json$/.test(spec)) return yes(`${spec} is JSON`); // a package's JSON: not worth resolving
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const own = readManifest(join(dir, 'package.json'));
      if (own?.name === name && own.exports != null) {
        const files = entryPoints(own).map((t) => resolve(dir, t));
        const odd = files.find((f) => TS_OR_JSX.test(f) || !JS.has(extname(f)) || !isFile(f));
        return odd ? yes(`${name} (this package) exports ${odd}`) : files;
      }
      break;
    }
    if (dirname(dir) === dir) break;
  }
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const pkg = join(dir, 'node_modules', name);
    if (existsSync(join(pkg, 'package.json'))) {
      if (!/[\\/]node_modules[\\/]/.test(realpathSync(pkg))) return yes(`${name} is linked from outside node_modules`);
      const manifest = readManifest(join(pkg, 'package.json'));
      if (!manifest) return yes(`${name}'s package.json is unreadable`);
      const ts = entryPoints(manifest).find((t) => TS_OR_JSX.test(t));
      return ts ? yes(`${name} exports ${ts}`) : [];
    }
    if (dirname(dir) === dir) return yes(`${spec} is not installed where Node looks`);
  }
}

export function mayNeedTypeScript(entry: URL): Verdict {
  // A file that cannot be read is left to the import, with the loader, to report as before.
  try { return reach(entry); } catch (e) { return yes(`${(e as Error)?.message ?? e}`); }
}

function reach(entry: URL): Verdict {
  const seen = new Set<string>();
  const queue = [fileURLToPath(entry)];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (seen.size > MAX_FILES) return yes(`more than ${MAX_FILES} files`);
    const found = specifiers(readFileSync(file, 'utf8'));
    if (typeof found === 'string') return yes(`${file}: ${found}`);
    for (const found1 of found) {
      const json = found1.startsWith('json:');
      const spec = json ? found1.slice('json:'.length) : found1;
      if (isBuiltin(spec)) continue;
      if (TS_OR_JSX.test(spec.replace(/[?#].*$/, ''))) return yes(`${file}: ${spec}`);
      let target: string;
      if (spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/')) target = resolve(dirname(file), spec);
      else if (spec.startsWith('file:')) { try { target = fileURLToPath(spec); } catch { return yes(`${file}: ${spec}`); } }
      else if (spec.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(spec)) return yes(`${file}: ${spec}`);
      else {
        const v = packageVerdict(spec, file);
        if (!Array.isArray(v)) return v;
        queue.push(...v);
        continue;
      }
      target = target.replace(/[?#].*$/, '');
      const ext = extname(target);
      if (TS_OR_JSX.test(target) || !isFile(target)) return yes(`${file}: ${spec}`);
      if (json && ext === '.json') continue;
      if (!JS.has(ext)) return yes(`${file}: ${spec}`);
      queue.push(target);
    }
  }
  return { needs: false };
}
