/**
 * `pep567 init`: a starting point in a user's project. It asks (or takes flags for) the library's
 * shape (full PEP 567, run-scoped, or both) and the language, then writes an adapter skeleton with
 * every member its features need (the members come from the load-time check's derivation, so the
 * skeleton loads), each stubbed with a "not mapped yet" error; npm scripts to run it and to write
 * the expectation file after a first run; and a GitHub workflow that gates on that file. Without a
 * terminal on stdin (CI, a script) it asks nothing and uses the flags and the defaults.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Adapter } from '../../contract/adapter.ts';
import { OPERATIONS } from '../../format/operations.ts';
import { neededMembers } from '../../inprocess/adapter-check.ts';
import { UsageError } from '../../primitives/usage-error.ts';

type Shape = 'full' | 'run-scoped' | 'both';
type Lang = 'js' | 'ts';

/** What each shape declares: full PEP 567 (set for the rest of the caller) or bindings for the extent of a call only. */
const CORE = ['vars', 'defaults', 'copy_context', 'context_new', 'context_copy', 'context_run', 'errors', 'tasks', 'task_context', 'direct_await', 'sleep', 'gather', 'call_soon', 'call_soon_context', 'events'];
const SHAPES: Record<Shape, { features: string[]; differs: Record<string, string>; about: string }> = {
  full: { features: [...CORE, 'set', 'tokens', 'mapping', 'context_eq'], differs: {}, about: 'full PEP 567: set() for the rest of the caller, tokens, contexts' },
  'run-scoped': {
    features: [...CORE, 'scoped_values'],
    differs: {
      set: 'a value is bound only for the extent of run(value, fn), never for the rest of the caller',
      tokens: 'without set() there are no tokens and no reset()',
    },
    about: 'run-scoped: a value bound for the extent of a call only (AsyncContext, OpenTelemetry)',
  },
  both: { features: [...CORE, 'set', 'tokens', 'mapping', 'context_eq', 'scoped_values'], differs: {}, about: 'both: set() and scoped bindings' },
};

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
/** The members the contract's type requires: the compiler refuses this list when the contract changes. */
const REQUIRED = {
  contract: 1, name: 1, version: 1, features: 1,
  newVar: 1, get: 1, set: 1, reset: 1, tokenVar: 1, tokenOldValue: 1,
  copyContext: 1, newContext: 1, contextCopy: 1, run: 1, getItem: 1, contains: 1, contextGet: 1, size: 1, keys: 1, values: 1, items: 1, equals: 1,
  runMain: 1, spawn: 1, awaitTask: 1, callCoroutine: 1, yieldOnce: 1, gather: 1, taskGroup: 1, callSoon: 1, newEvent: 1, setEvent: 1, waitEvent: 1,
  classifyError: 1,
} satisfies Record<RequiredKeys<Adapter>, 1>;
const DATA = new Set(['contract', 'name', 'version', 'features', 'classifyError']);

/** The operations that call a member, as a hint in its stub (`spawn` ← create_task). */
function operationsOf(member: string): string {
  const ops = Object.entries(OPERATIONS).filter(([, s]) => Object.values(s.hooks ?? {}).some((ms) => ms.includes(member))).map(([op]) => op);
  return ops.length ? ops.join(', ') : 'every scenario';
}

interface Plan { shape: Shape; lang: Lang; name: string; dir: string; force: boolean }

export const adapterFile = (p: Pick<Plan, 'lang'>) => (p.lang === 'ts' ? 'pep567-adapter.ts' : 'pep567-adapter.mjs');
export const EXPECTATIONS_FILE = 'pep567-expectations.json';
export const WORKFLOW_FILE = '.github/workflows/pep567.yml';

/** The adapter skeleton: every member the shape's features need, stubbed; in TypeScript also the rest of the contract's type. */
export function skeleton(p: Pick<Plan, 'shape' | 'lang' | 'name'>): string {
  const { features, differs, about } = SHAPES[p.shape];
  const ts = p.lang === 'ts';
  const need = [...neededMembers(features, differs).keys()].filter((m) => !DATA.has(m));
  const rest = ts ? Object.keys(REQUIRED).filter((m) => !DATA.has(m) && !need.includes(m)) : [];
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines = [
    `// pep567-conformance adapter for ${p.name}, written by \`npx pep567 init\` (shape: ${about}).`,
    '// Replace each notMapped(…) stub by your library\'s own call for that operation: thin, no emulation.',
    '// What each member must do: node_modules/pep567-conformance/harness/contract/INTERPRETING.md;',
    '// complete adapters to copy from: node_modules/pep567-conformance/examples/ (README.md there).',
    '// A feature your library cannot express: remove it from `features` and its members (its scenarios',
    '// become UNSUPPORTED); one it refuses by design: move it to `differs` with the reason.',
    ts ? "import { ADAPTER_CONTRACT_VERSION, type Adapter, type AdapterFactory } from 'pep567-conformance';" : "import { ADAPTER_CONTRACT_VERSION } from 'pep567-conformance';",
    "// import * as lib from 'your-library';",
    '',
    ts ? 'const notMapped = (member: string, operations: string) => (): never => {'
      : 'const notMapped = (member, operations) => () => {',
    '  throw new Error(`${member} is not mapped yet (${operations}): map it onto your library in this adapter`);',
    '};',
    ...(ts ? ['const notDeclared = (member: string) => (): never => { throw new Error(`${member}: its feature is not declared`); };'] : []),
    '',
    ts ? 'export const createAdapter: AdapterFactory = () => {' : 'export function createAdapter() {',
    ts ? '  const adapter: Adapter = {' : '  return {',
    '    contract: ADAPTER_CONTRACT_VERSION,',
    `    name: ${q(p.name)},`,
    "    version: '0.0.0', // your library's version",
    `    features: [${features.map(q).join(', ')}],`,
    ...(Object.keys(differs).length ? ['    differs: {', ...Object.entries(differs).map(([f, why]) => `      ${f}: ${q(why)},`), '    },'] : []),
    '',
    ...need.map((m) => `    ${m}: notMapped(${q(m)}, ${q(operationsOf(m))}),`),
    '',
    '    // Which errors of your library stand for which Python exception: return { kind: \'LookupError\', message }',
    '    // (kind: a Python class name, or NO_CONTEXT where the library lost its context); undefined for others.',
    ts ? '    classifyError: (_e: unknown) => undefined,' : '    classifyError: (_e) => undefined,',
    ...(rest.length ? ['', '    // The contract\'s type lists these too; no declared feature needs them.', ...rest.map((m) => `    ${m}: notDeclared(${q(m)}),`)] : []),
    '  };',
    ...(ts ? ['  return adapter;', '};'] : ['}']),
    '',
  ];
  return lines.join('\n');
}

/** The workflow: the corpus against the adapter, gated on the expectation file, on every push. */
export function workflow(p: Pick<Plan, 'lang'>): string {
  return [
    'name: pep567',
    'on: [push, pull_request]',
    'jobs:',
    '  conformance:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: actions/setup-node@v4',
    '        with:',
    `          node-version: ${p.lang === 'ts' ? 24 : 22}`,
    '      - run: npm ci',
    '      - run: npm run pep567 -- --format junit,github',
    '      - uses: actions/upload-artifact@v4',
    '        if: always()',
    '        with:',
    '          name: pep567-report',
    '          path: pep567-report',
    '',
  ].join('\n');
}

/** The npm scripts: the gate, and the first run (or a deliberate refresh) that writes the expectation file. */
export function scripts(p: Pick<Plan, 'lang'>): Record<string, string> {
  const run = `pep567 run --impl ./${adapterFile(p)} --expectations ${EXPECTATIONS_FILE} --report pep567-report`;
  return { pep567: run, 'pep567:expect': `${run} --update-expectations` };
}

async function ask(flags: { shape?: string; lang?: string; name?: string }, dir: string): Promise<{ shape: string; lang: string; name: string }> {
  const pkgName = (() => { try { return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name as string | undefined; } catch { return undefined; } })();
  const defaults = { shape: 'full', lang: existsSync(join(dir, 'tsconfig.json')) ? 'ts' : 'js', name: pkgName ?? 'my-library' };
  const interactive = process.stdin.isTTY === true && (!flags.shape || !flags.lang || !flags.name);
  if (!interactive) return { shape: flags.shape ?? defaults.shape, lang: flags.lang ?? defaults.lang, name: flags.name ?? defaults.name };
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const pick = async (question: string, given: string | undefined, dflt: string) => given ?? ((await rl.question(`${question} [${dflt}] `)).trim() || dflt);
    const shape = await pick('Shape of the library: full (set, tokens, contexts), run-scoped (bindings for the extent of a call), or both?', flags.shape, defaults.shape);
    const lang = await pick('Adapter language: js or ts?', flags.lang, defaults.lang);
    const name = await pick('Name of the library?', flags.name, defaults.name);
    return { shape, lang, name };
  } finally { rl.close(); }
}

function write(file: string, text: string, force: boolean, done: string[]): void {
  if (existsSync(file) && !force) throw new UsageError(`${file} exists; pass --force to overwrite it`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  done.push(file);
}

async function action(flags: { shape?: string; lang?: string; name?: string; dir: string; force?: boolean }): Promise<number> {
  const dir = resolve(flags.dir);
  const a = await ask(flags, dir);
  if (!Object.hasOwn(SHAPES, a.shape)) throw new UsageError(`--shape must be full, run-scoped or both, not "${a.shape}"`);
  if (a.lang !== 'js' && a.lang !== 'ts') throw new UsageError(`--lang must be js or ts, not "${a.lang}"`);
  const plan: Plan = { shape: a.shape as Shape, lang: a.lang, name: a.name, dir, force: flags.force === true };
  const pkgFile = join(dir, 'package.json');
  if (!existsSync(pkgFile)) throw new UsageError(`${pkgFile} not found: run pep567 init in your project's folder (npm init first), or pass --dir`);
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const add = scripts(plan);
  const clash = Object.keys(add).filter((k) => pkg.scripts?.[k] !== undefined && pkg.scripts[k] !== add[k]);
  if (clash.length && !plan.force) throw new UsageError(`package.json already has script(s) ${clash.join(', ')}; pass --force to replace them`);
  const done: string[] = [];
  write(join(dir, adapterFile(plan)), skeleton(plan), plan.force, done);
  write(join(dir, WORKFLOW_FILE), workflow(plan), plan.force, done);
  pkg.scripts = { ...pkg.scripts, ...add };
  writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
  done.push(`${pkgFile} (scripts ${Object.keys(add).join(', ')})`);
  process.stdout.write([
    ...done.map((f) => `wrote ${f}`),
    '',
    'Next:',
    `  1. map each notMapped(…) member of ${adapterFile(plan)} onto your library (examples: node_modules/pep567-conformance/examples/)`,
    `  2. npx pep567 run --impl ./${adapterFile(plan)}      the verdict, scenario by scenario`,
    `  3. npm run pep567:expect      the first run that writes ${EXPECTATIONS_FILE} (commit it)`,
    `  4. npm run pep567             the gate ${WORKFLOW_FILE} runs on every push`,
    '',
  ].join('\n'));
  return 0;
}

export function register(program: Command, setExit: (code: number) => void): void {
  program.command('init')
    .description('write an adapter skeleton for your library (full PEP 567, run-scoped, or both; JavaScript or TypeScript), npm scripts and a GitHub workflow')
    .option('--shape <shape>', 'full (set, tokens, contexts), run-scoped (bindings for the extent of a call: AsyncContext, OpenTelemetry) or both')
    .option('--lang <lang>', 'js or ts (default: ts when the project has a TypeScript config)')
    .option('--name <name>', 'the library\'s name (default: package.json\'s name)')
    .option('--dir <dir>', 'the project folder', '.')
    .option('--force', 'overwrite files and scripts that exist')
    .action(async (flags: { shape?: string; lang?: string; name?: string; dir: string; force?: boolean }) => { setExit(await action(flags)); });
}
