/**
 * The package as a consumer gets it: `npm pack`, the tarball installed into a fresh project with
 * no development tools, then the CLI, adapters in JavaScript and TypeScript, the contract types
 * under a stock tsconfig, and a plain-Node import. Slow (an npm install): the slow group runs it.
 */
import { expect } from 'chai';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRuntime } from '../../harness/runtimes/runtimes.ts';
import { ADAPTER_CONTRACT_VERSION } from '../../harness/contract/adapter.ts';
import { ROOT, staleBuild } from '../support/cli.ts';

const SUPPORT = join(ROOT, 'suites', 'package', 'support');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const EXAMPLES = join('node_modules', 'pep567-conformance', 'examples');

/** Bytes of every file under dir (apparent size, as npm reports a package's unpacked size). */
function bytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const f = join(dir, e.name);
    n += e.isDirectory() ? bytes(f) : e.isFile() ? statSync(f).size : 0;
  }
  return n;
}

/** The mapping a user writes into the skeleton `pep567 init` made: each stubbed member onto AsyncLocalStorage, run-scoped. */
const PRELUDE = `import { AsyncLocalStorage } from 'node:async_hooks';
const als = new AsyncLocalStorage();
const store = () => als.getStore() ?? new Map();
class LibError extends Error { constructor(kind, message) { super(message); this.kind = kind; } }
const later = () => new Promise((resolve) => setImmediate(resolve));
const started = (p) => { p.catch(() => {}); return p; };
`;
const MAPPING: Record<string, string> = {
  runMain: '(body) => als.run(new Map(), body)',
  newVar: '(name, dflt) => ({ name, dflt })',
  get: "(v, d) => { const s = store(); if (s.has(v)) return s.get(v); if (d) return d.default; if (v.dflt) return v.dflt.default; throw new LibError('LookupError', v.name); }",
  withValue: '(v, value, body) => als.run(new Map(store()).set(v, value), body)',
  copyContext: 'store',
  newContext: '() => new Map()',
  contextCopy: '(c) => c',
  run: '(c, fn) => als.run(c, fn)',
  spawn: '(body, { context }) => started(context ? als.run(context, body) : body())',
  awaitTask: '(t) => t',
  callCoroutine: 'async (body) => { await body(); }',
  yieldOnce: 'later',
  gather: 'async (bodies, adopt) => { const ts = bodies.map((b) => started(b())); adopt(ts); await Promise.all(ts); }',
  callSoon: '(fn, { context }) => { setImmediate(context ? () => als.run(context, fn) : fn); }',
  newEvent: '() => { let open; const promise = new Promise((r) => { open = r; }); return { promise, open }; }',
  setEvent: '(e) => e.open()',
  waitEvent: '(e) => e.promise',
};

interface Run { code: number | null; out: string; err: string }

describe('package: npm pack installed into a fresh project', function () {
  this.timeout(300_000);
  let dir: string;
  let project: string;
  let files: string[];
  let install: Run;
  const sh = (cmd: string, args: string[], o: SpawnSyncOptions = {}): Run => {
    const r = spawnSync(cmd, args, { cwd: project, encoding: 'utf8', timeout: 240_000, env: { ...process.env, CI: '1', NODE_OPTIONS: '' }, ...o });
    return { code: r.status, out: String(r.stdout), err: String(r.stderr) };
  };
  const npx = (...args: string[]) => sh('npx', ['--no-install', 'pep567', ...args]);
  const lastLine = (r: Run) => r.out.trimEnd().split('\n').at(-1) ?? '';

  before(function () {
    const stale = staleBuild();
    if (stale) throw new Error(`dist/ is out of date (${stale}): run \`npm run build\``);
    dir = mkdtempSync(join(tmpdir(), 'pep567-consumer-'));
    project = join(dir, 'project');
    mkdirSync(project);
    // --ignore-scripts: dist/ is current (checked above), and rebuilding it here would pull it from under other specs.
    const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(packed.status, packed.stderr).to.equal(0);
    const info = JSON.parse(packed.stdout)[0];
    files = info.files.map((f: { path: string }) => f.path);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    install = sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, info.filename)]);
    expect(install.code, install.err).to.equal(0);
    for (const f of readdirSync(SUPPORT)) copyFileSync(join(SUPPORT, f), join(project, f));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('ships the build, the data and the docs with a LICENSE, and no tests, CI scripts or configs', () => {
    for (const f of ['LICENSE', 'README.md', 'bin/pep567.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'reference/recorder.py', 'fixtures/schema/scenario.schema.json', 'harness/contract/INTERPRETING.md'])
      expect(files, f).to.include(f);
    for (const f of files) expect(f).to.not.match(/^(suites|\.ci|scripts)\/|^tsconfig|^\.mocharc|\.map$|^harness\/.*\.ts$/);
  });

  it('installs no development tool', () => {
    for (const dev of ['mocha', 'chai', 'typescript', 'tsx', 'c8', 'playwright-core'])
      expect(existsSync(join(project, 'node_modules', dev)), dev).to.equal(false);
  });

  it('is a light install: at most 10 MB, none of the built-in rows\' optional packages, no engine warning', () => {
    const size = bytes(join(project, 'node_modules'));
    const own = bytes(join(project, 'node_modules', 'pep567-conformance'));
    const du = spawnSync('du', ['-sh', join(project, 'node_modules')], { encoding: 'utf8' }).stdout.split('\t')[0];
    const warnings = install.err.split('\n').filter((l) => /\bwarn\b/i.test(l));
    console.log(`      install: ${(size / 1e6).toFixed(2)} MB in node_modules (the package ${(own / 1e6).toFixed(2)} MB; du -sh ${du}); ${warnings.length} warning line(s)${warnings.length ? `:\n        ${warnings.join('\n        ')}` : ''}`);
    expect(size).to.be.at.most(10e6);
    expect(install.err).to.not.contain('EBADENGINE');
    for (const optional of Object.keys(pkg.peerDependencies)) expect(existsSync(join(project, 'node_modules', optional)), optional).to.equal(false);
  });

  it('a row whose optional package is missing is refused with the package and the command that installs it', () => {
    const r = npx('run', '--impl', 'asynccontext', '--report', 'report-missing');
    expect(r.code).to.equal(2);
    expect(r.err.split('\n')[0]).to.equal(`pep567: asynccontext needs @webfill/async-context, optional dependency of pep567-conformance not installed here: npm install --save-dev @webfill/async-context@${pkg.peerDependencies['@webfill/async-context']}`);
    const f = npx('fuzz', '--impl', 'model');
    expect(f.code).to.equal(2);
    expect(f.err).to.contain('pep567 fuzz needs fast-check').and.contain(`fast-check@${pkg.peerDependencies['fast-check']}`);
  });

  for (const example of ['set-and-tasks', 'run-scoped', 'lost-at-await', 'own-context']) {
    it(`the shipped example ${example}.mjs runs as is from node_modules and gets a verdict (no ERROR)`, () => {
      const r = npx('run', '--impl', join(EXAMPLES, `${example}.mjs`), '--report', `report-${example}`);
      expect(r.code, r.err).to.be.oneOf([0, 1]);
      expect(lastLine(r)).to.match(/^[1-9]\d* passed, \d+ failed\b/);
      const counts = JSON.parse(readFileSync(join(project, `report-${example}`, 'report.json'), 'utf8')).counts;
      expect(counts.ERROR ?? 0, JSON.stringify(counts)).to.equal(0);
      // examples/README.md says own-context, a PEP 567 of its own, fails nothing at the semantic level.
      if (example === 'own-context') expect(counts.FAIL ?? 0, JSON.stringify(counts)).to.equal(0);
    });
  }

  it('a misspelt feature exits 2 naming the nearest feature', () => {
    writeFileSync(join(project, 'misspelt.mjs'), `export const createAdapter = () => ({ contract: '${ADAPTER_CONTRACT_VERSION}', name: 'x', version: '0', features: ['vars', 'defualts'] });\n`);
    const r = npx('run', '--impl', './misspelt.mjs', '--report', 'report-misspelt');
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('unknown feature "defualts"').and.contain("did you mean 'defaults'?");
  });

  it('npx pep567 init, the mapping filled in, then a first verdict, the expectation file and a green gate', () => {
    const t0 = Date.now();
    const init = npx('init', '--shape', 'run-scoped', '--lang', 'js', '--name', 'consumer-lib');
    expect(init.code, init.err).to.equal(0);
    const file = join(project, 'pep567-adapter.mjs');
    const stubbed = readFileSync(file, 'utf8');
    // Loads as written: every member its features need is there, each saying it is not mapped yet.
    const unmapped = npx('run', '--impl', './pep567-adapter.mjs', '--include', 'run-scoped/**', '--report', 'report-init-0');
    expect(unmapped.code).to.equal(1);
    expect(readFileSync(join(project, 'report-init-0', 'report.json'), 'utf8')).to.contain('is not mapped yet');
    // The mapping, and nothing else: each notMapped stub replaced by the library's call.
    const members = [...stubbed.matchAll(/^ {4}(\w+): notMapped\(/gm)].map((m) => m[1]!);
    expect(members.filter((m) => !MAPPING[m]), 'members without a mapping in this spec').to.deep.equal([]);
    let mapped = stubbed.replace("// import * as lib from 'your-library';", PRELUDE);
    for (const m of members) mapped = mapped.replace(new RegExp(`^( {4}${m}: )notMapped\\([^\\n]*\\),$`, 'm'), `$1${MAPPING[m]},`);
    writeFileSync(file, mapped);
    const first = npx('run', '--impl', './pep567-adapter.mjs', '--report', 'report-init');
    expect(first.code, first.err).to.be.oneOf([0, 1]);
    expect(lastLine(first)).to.match(/^[1-9]\d* passed, \d+ failed\b/);
    console.log(`      init to a first verdict: ${((Date.now() - t0) / 1000).toFixed(1)} s (${lastLine(first)})`);
    const scripts = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).scripts;
    expect(Object.keys(scripts)).to.include.members(['pep567', 'pep567:expect']);
    expect(readFileSync(join(project, '.github', 'workflows', 'pep567.yml'), 'utf8')).to.contain('npm run pep567');
    const expect1 = sh('npm', ['run', '--silent', 'pep567:expect']);
    expect(expect1.code, expect1.err).to.be.oneOf([0, 1]);
    expect(existsSync(join(project, 'pep567-expectations.json'))).to.equal(true);
    const gate = sh('npm', ['run', '--silent', 'pep567']);
    expect(gate.code, gate.out + gate.err).to.equal(0);
  });

  it('the public types need no @types/node (skipLibCheck false, no types installed)', () => {
    writeFileSync(join(project, 'types-only.ts'), "import type { Adapter, AdapterFactory, Report } from 'pep567-conformance';\nexport const f: AdapterFactory = () => ({} as Adapter);\nexport type R = Report;\n");
    writeFileSync(join(project, 'tsconfig.types.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, include: ['types-only.ts'] }));
    expect(existsSync(join(project, 'node_modules', '@types', 'node'))).to.equal(false);
    const r = sh(TSC, ['-p', 'tsconfig.types.json']);
    expect(r.code, r.out).to.equal(0);
  });

  it('the TypeScript twins of the examples type-check against the shipped contract (skipLibCheck false)', () => {
    const typeRoots = [join(ROOT, 'node_modules', '@types')];
    writeFileSync(join(project, 'tsconfig.examples.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots }, include: [`${EXAMPLES}/*.ts`] }));
    const r = sh(TSC, ['-p', 'tsconfig.examples.json']);
    expect(r.code, r.out).to.equal(0);
  });

  it('npx pep567 --version names the package and format versions', () => {
    const r = npx('--version');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(new RegExp(`^pep567-conformance ${pkg.version.replace(/\./g, '\\.')}$`, 'm')).and.match(/^adapter contract \d+\.\d+\.\d+$/m);
  });

  it('npx pep567 run passes every scenario on the model and exits 0', () => {
    const r = npx('run');
    expect(r.code, r.err).to.equal(0);
    expect(lastLine(r)).to.match(/^[1-9]\d* passed, 0 failed, \d+ skipped\b/);
  });

  it('runs a JavaScript adapter that imports the package (--impl ./adapter.mjs)', () => {
    const r = npx('run', '--impl', './adapter.mjs', '--report', 'report-mjs');
    expect(r.code, r.err).to.equal(0);
    expect(lastLine(r)).to.match(/^[1-9]\d* passed, 0 failed, \d+ skipped\b/);
  });

  it('type-checks a TypeScript adapter against the contract with a stock tsconfig, and rejects a wrong one', () => {
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', strict: true, noEmit: true, skipLibCheck: true }, include: ['adapter.ts'] }));
    const ok = sh(TSC, ['-p', 'tsconfig.json']);
    expect(ok.code, ok.out).to.equal(0);
    writeFileSync(join(project, 'wrong.ts'), "import type { Adapter } from 'pep567-conformance';\nexport const a: Pick<Adapter, 'features'> = { features: 3 };\n");
    writeFileSync(join(project, 'tsconfig.wrong.json'), JSON.stringify({ extends: './tsconfig.json', include: ['wrong.ts'] }));
    const bad = sh(TSC, ['-p', 'tsconfig.wrong.json']);
    expect(bad.code).to.not.equal(0);
    expect(bad.out).to.contain('wrong.ts');
  });

  it('imports the package from plain Node', () => {
    const r = sh(process.execPath, ['--input-type=module', '-e', "const m = await import('pep567-conformance'); console.log(typeof m.runReport, typeof m.interpret, m.ADAPTER_CONTRACT_VERSION)"]);
    expect(r.code, r.err).to.equal(0);
    expect(r.out.trim()).to.match(/^function function \d+\.\d+\.\d+$/);
  });

  it('runs a TypeScript adapter with Node\'s own type stripping (Node 24), when installed', function () {
    const node24 = findRuntime('node24')?.binary();
    if (!node24) this.skip();
    const r = sh(node24!, [join('node_modules', '.bin', 'pep567'), 'run', '--impl', './adapter.ts', '--report', 'report-ts24']);
    expect(r.code, r.err).to.equal(0);
    expect(lastLine(r)).to.match(/^[1-9]\d* passed, 0 failed/);
  });

  it('on a Node without type stripping, says to install tsx; with tsx installed, runs the TypeScript adapter', function () {
    if ((process.features as { typescript?: unknown }).typescript) this.skip();
    const before = npx('run', '--impl', './adapter.ts', '--report', 'report-ts');
    expect(before.code).to.equal(2);
    expect(before.err.split('\n')[0]).to.match(/^pep567: .*adapter\.ts is TypeScript .*npm install --save-dev tsx/);
    expect(before.err).to.not.match(/npm run|\.ci\//);
    const tsx = sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `tsx@${pkg.devDependencies.tsx}`]);
    expect(tsx.code, tsx.err).to.equal(0);
    const after = npx('run', '--impl', './adapter.ts', '--report', 'report-ts');
    expect(after.code, after.err).to.equal(0);
    expect(lastLine(after)).to.match(/^[1-9]\d* passed, 0 failed/);
  });

  it('the TypeScript twins run from a copy in the project (Node 24 strips types; on Node 20 tsx, installed above)', function () {
    const node24 = findRuntime('node24')?.binary();
    const typescript = (process.features as { typescript?: unknown }).typescript || existsSync(join(project, 'node_modules', 'tsx'));
    if (!typescript && !node24) this.skip();
    for (const example of ['set-and-tasks', 'run-scoped', 'lost-at-await']) {
      copyFileSync(join(project, EXAMPLES, `${example}.ts`), join(project, `${example}.ts`));
      const args = ['run', '--impl', `./${example}.ts`, '--report', `report-${example}-ts`];
      const r = typescript ? npx(...args) : sh(node24!, [join('node_modules', '.bin', 'pep567'), ...args]);
      expect(r.code, r.err).to.be.oneOf([0, 1]);
      expect(lastLine(r)).to.match(/^[1-9]\d* passed, \d+ failed\b/);
    }
  });
});
