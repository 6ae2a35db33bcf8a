/**
 * dist/cli.bundle (scripts/build.mjs writes it after tsc): the command line's modules (dist/cli/main.js
 * and everything it imports, commands included, with commander) as one script,
 * which bin/pep567.js compiles with a V8 code cache. Node 20 has no compile cache for ES modules,
 * and compiling the ~100 modules a `pep567 run` loads was about half of its start-up (issue 17).
 *
 * The script is one function expression,
 *   (function (exports, require, module, __filename, __dirname, __pep567_url, __pep567_resolve, __pep567_import) { … })
 * whose body is esbuild's CommonJS bundle. Each module keeps its own `import.meta.url` (as
 * __pep567_url("cli/main.js"), its place under dist/), so every path a module finds next to itself
 * (the fixtures, the recorder, worker and host entries) is the same as unbundled. `import.meta.resolve`
 * is the caller's (bin/ and dist/ resolve packages alike). Packages other than commander (with its
 * own dependencies) stay outside (optional peers load only when used); dynamic imports of a computed
 * specifier (user adapters, built-in adapters by URL) and of optional packages go through the caller's
 * import() (__pep567_import) and load as ES modules.
 *
 * The first line names the build: `// pep567-cli-bundle/1 <sha256 of the rest>`; bin/pep567.js keys its
 * code cache by it. The library entry (dist/index.js) and the specs use dist/ modules, never this.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const CLI_BUNDLE = 'cli.bundle';
/** The generated fixture validator as CommonJS: half the bundle's size otherwise, and a run from the scenario bundle never calls it. */
export const SCHEMA_CHECK_CJS = 'scenarios/schema-check.cjs';
const SCHEMA_CHECK = 'scenarios/schema-check.js';
/** In the bundle, the validator's module: loads the CommonJS copy on its first call (a user's --fixtures tree, a stale scenario bundle). */
const SCHEMA_CHECK_STUB = `import { fileURLToPath } from 'node:url';
let loaded;
export function validate(data, options) {
  loaded ??= require(fileURLToPath(new URL('./schema-check.cjs', import.meta.url))).validate;
  const valid = loaded(data, options);
  validate.errors = loaded.errors;
  return valid;
}
validate.errors = null;
export default validate;
`;
export const CLI_BUNDLE_FORMAT = 'pep567-cli-bundle/1';
/** import( of a computed specifier (tsc wraps each in __rewriteRelativeImportExtension) or of an optional package, in compiled code. */
const RUNTIME_IMPORT = /(?<![\w$.])import\((?=__rewriteRelativeImportExtension\(|'tsx\/esm\/api'\)|'esbuild'\))/g;
/** What must not be left in the bundle: an import() that would need the vm's dynamic import callback. */
const LEFT_OVER = /(?<![\w$.'"`{])import\((?!\$\{|'pep567-conformance'\)|HARNESS\)|ADAPTER\))/;

/** The packages bundled in (dependencies every command uses); any other package is loaded at run time. */
const BUNDLED_PACKAGES = new Set(['commander']);

/** Writes dist/cli.bundle from dist/; on any error or warning, removes it (bin/ then runs dist/ directly) and returns the message. */
export async function writeCliBundle(dist) {
  const out = join(dist, CLI_BUNDLE);
  try {
    let esbuild;
    try { esbuild = await import('esbuild'); } catch { rmSync(out, { force: true }); return 'esbuild is not installed: no dist/cli.bundle (bin/pep567.js runs dist/ directly)'; }
    const perModule = {
      name: 'pep567-module-url',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('node:')) return { external: true };
          // A bundled package's own dependencies are bundled with it (resolved from its folder, at its version).
          if (relative(dist, args.importer).startsWith('..')) return undefined;
          const pkg = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
          return BUNDLED_PACKAGES.has(pkg) ? undefined : { external: true };
        });
        b.onLoad({ filter: /\.js$/ }, (args) => {
          const rel = relative(dist, args.path);
          if (rel.startsWith('..')) return undefined;
          // A module-level constant that `define` below substitutes for import.meta.url in this module only.
          // Dynamic imports left to run time (a computed specifier, an optional package) go through the
          // caller's import(): a vm.Script's own needs an experimental loader, which its code cache loses.
          const text = rel.split('\\').join('/') === SCHEMA_CHECK ? SCHEMA_CHECK_STUB
            : readFileSync(args.path, 'utf8').replace(RUNTIME_IMPORT, '__pep567_import(');
          return { contents: `const __pep567_module_url = __pep567_url(${JSON.stringify(rel.split('\\').join('/'))});\n${text}`, loader: 'js' };
        });
      },
    };
    // The generated validator is most of the package's code by size, and tsc's output of it is twice its
    // source: both copies drop their whitespace (names and code unchanged), which keeps the install light.
    const checkJs = join(dist, SCHEMA_CHECK);
    writeFileSync(checkJs, (await esbuild.transform(readFileSync(checkJs, 'utf8'), { format: 'esm', minifyWhitespace: true, target: 'node20', legalComments: 'inline' })).code);
    rmSync(`${checkJs}.map`, { force: true }); // tsc's map no longer fits the file
    await esbuild.build({
      entryPoints: [checkJs], bundle: false, platform: 'node', format: 'cjs', target: 'node20', outfile: join(dist, SCHEMA_CHECK_CJS),
      minifyWhitespace: true, logLevel: 'silent', banner: { js: '"use strict"; const __pep567_module_url = require("node:url").pathToFileURL(__filename).href;' },
      define: { 'import.meta.url': '__pep567_module_url' },
    });
    const r = await esbuild.build({
      entryPoints: [join(dist, 'cli', 'main.js')], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
      write: false, outfile: out, logLevel: 'silent', legalComments: 'none', plugins: [perModule],
      define: { 'import.meta.url': '__pep567_module_url', 'import.meta.resolve': '__pep567_resolve' },
    });
    if (r.warnings.length) throw new Error(`esbuild: ${r.warnings[0].text} (${r.warnings[0].location?.file}:${r.warnings[0].location?.line})`);
    const left = LEFT_OVER.exec(r.outputFiles[0].text);
    if (left) throw new Error(`an import() the bundle cannot run: …${r.outputFiles[0].text.slice(left.index - 60, left.index + 60)}…`);
    const body = `(function (exports, require, module, __filename, __dirname, __pep567_url, __pep567_resolve, __pep567_import) {\n${r.outputFiles[0].text}\n})\n`;
    const hash = createHash('sha256').update(body).digest('hex');
    writeFileSync(`${out}.tmp`, `// ${CLI_BUNDLE_FORMAT} ${hash}\n${body}`);
    renameSync(`${out}.tmp`, out);
    return undefined;
  } catch (e) {
    rmSync(out, { force: true });
    rmSync(join(dist, SCHEMA_CHECK_CJS), { force: true });
    rmSync(`${out}.tmp`, { force: true });
    return `no dist/cli.bundle: ${e?.message ?? e}`;
  }
}
