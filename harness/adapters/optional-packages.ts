/**
 * Packages only the built-in rows need (the polyfills, the OpenTelemetry managers, esbuild for other
 * runtimes, Pyodide) are optional peer dependencies: installed on demand, so that a consumer testing
 * an own adapter installs a light package. A row that needs one missing is refused with one line
 * naming the package and the npm command that installs the version this package was tested with.
 */
import { readFileSync } from 'node:fs';

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

/** Whether `name` resolves from this package's place (the consumer's node_modules included). */
export function installed(name: string): boolean {
  try { import.meta.resolve(name); return true; } catch { return false; }
}

export const missingPackages = (names: readonly string[]): string[] => names.filter((n) => !installed(n));

/** `npm install --save-dev NAME@SPEC …` with the specs of package.json (peer, else dev: npm aliases are dev only). */
export function installCommand(names: readonly string[]): string {
  let pkg: { peerDependencies?: Record<string, string>; devDependencies?: Record<string, string> } = {};
  try { pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')); } catch { /* names only */ }
  const spec = (n: string) => pkg.peerDependencies?.[n] ?? pkg.devDependencies?.[n];
  return `npm install --save-dev ${names.map((n) => (spec(n) ? `${n}@${spec(n)}` : n)).join(' ')}`;
}

/** The one-line reason a row cannot run here, or undefined when its packages are installed. */
export function needsPackages(what: string, names: readonly string[]): string | undefined {
  const missing = missingPackages(names);
  if (!missing.length) return undefined;
  return `${what} needs ${missing.join(', ')}, optional ${missing.length > 1 ? 'dependencies' : 'dependency'} of pep567-conformance not installed here: ${installCommand(missing)}`;
}
