/**
 * The package as a consumer gets it: `npm pack`, the tarball installed into a fresh project with
 * no development tools, then the CLI, adapters in JavaScript and TypeScript, the contract types
 * under a stock tsconfig, and a plain-Node import. Slow (an npm install): the slow group runs it.
 */
import { expect } from 'chai';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRuntime } from '../../harness/runtimes/runtimes.ts';
import { ROOT, staleBuild } from '../support/cli.ts';

const SUPPORT = join(ROOT, 'suites', 'package', 'support');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const pkg = JSON.parse((await import('node:fs')).readFileSync(join(ROOT, 'package.json'), 'utf8'));

interface Run { code: number | null; out: string; err: string }

describe('package: npm pack installed into a fresh project', function () {
  this.timeout(300_000);
  let dir: string;
  let project: string;
  let files: string[];
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
    const installed = sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, info.filename)]);
    expect(installed.code, installed.err).to.equal(0);
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
});
