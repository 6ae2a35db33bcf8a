// harness/inprocess/ts-reach.ts lets a JavaScript adapter load without tsx registered (half a
// second of CPU per process on Node 20); a wrong "no" would break an adapter that reaches TypeScript.
// Each case below is one way of reaching it (or not), and the last one runs such an adapter through
// the CLI, whose worker thread has no loader of its own.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mayNeedTypeScript } from '../../harness/inprocess/ts-reach.ts';
import { pep567, ROOT } from '../support/cli.ts';

describe('ts-reach: whether a JavaScript adapter may need a TypeScript loader', function () {
  this.timeout(60000);
  const project = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'pep567-reach-'));
    for (const [f, text] of Object.entries(files)) { mkdirSync(dirname(join(dir, f)), { recursive: true }); writeFileSync(join(dir, f), text); }
    return dir;
  };
  const needs = (dir: string, entry = 'a.mjs') => mayNeedTypeScript(pathToFileURL(join(dir, entry))).needs;
  const PKG = { 'node_modules/lib/package.json': '{"name":"lib","exports":{"types":"./i.d.ts","default":"./i.js"}}', 'node_modules/lib/i.js': 'export const x = import(globalThis.name);\n' };

  const cases: [string, Record<string, string>, boolean][] = [
    ['builtins and JavaScript files only', { 'a.mjs': "import fs from 'node:fs';\nimport { b } from './b.js';\nexport * from './c.cjs';\n", 'b.js': "import 'path';\nexport const b = 1;\n", 'c.cjs': "module.exports = require('./d.cjs');\n", 'd.cjs': 'module.exports = {};\n' }, false],
    ['an installed package with JavaScript entry points (its own files unread)', { 'a.mjs': "import { x } from 'lib';\n", ...PKG }, false],
    ['JSON with its import attribute', { 'a.mjs': "import j from './j.json' with { type: 'json' };\n", 'j.json': '{}' }, false],
    ['a .ts import two files down', { 'a.mjs': "import './b.js';\n", 'b.js': "export { f } from './f.ts';\n", 'f.ts': 'export const f = 1;\n' }, true],
    ['a .mts dynamic import', { 'a.mjs': "export const load = () => import('./f.mts');\n", 'f.mts': '' }, true],
    ['a .tsx file', { 'a.mjs': "import './v.tsx';\n", 'v.tsx': '' }, true],
    ['an extensionless specifier (tsx finds ./f.ts)', { 'a.mjs': "import { f } from './f';\n", 'f.ts': '' }, true],
    ['a .js specifier whose file is .ts', { 'a.mjs': "import { f } from './f.js';\n", 'f.ts': '' }, true],
    ['an import() of a computed specifier', { 'a.mjs': "const m = './f' + '.ts';\nexport const load = () => import(m);\n" }, true],
    ['a require() of a computed specifier', { 'a.cjs': "module.exports = require(process.env.X);\n" }, true],
    ['JSON without its import attribute', { 'a.mjs': "import j from './j.json';\n", 'j.json': '{}' }, true],
    ['a package that is not installed (tsconfig paths)', { 'a.mjs': "import { x } from '@app/x';\n" }, true],
    ['a package whose entry point is TypeScript', { 'a.mjs': "import 'tslib2';\n", 'node_modules/tslib2/package.json': '{"name":"tslib2","exports":{"import":"./src/i.ts"}}' }, true],
    ['a deep import of a TypeScript file', { 'a.mjs': "import 'lib/src/i.ts';\n", ...PKG }, true],
    ['a subpath import (#…)', { 'a.mjs': "import '#internal';\n" }, true],
  ];
  for (const [what, files, expected] of cases) {
    it(`${expected ? 'yes' : 'no'}: ${what}`, () => {
      const entry = Object.keys(files)[0]!;
      expect(needs(project(files), entry)).to.equal(expected);
    });
  }

  it('yes: a package linked from outside node_modules (a workspace package, run from its sources)', () => {
    const dir = project({ 'a.mjs': "import 'ws';\n", 'ws/package.json': '{"name":"ws","exports":"./i.js"}', 'ws/i.js': '' });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(dir, 'ws'), join(dir, 'node_modules', 'ws'));
    expect(needs(dir)).to.equal(true);
  });

  it('yes: a package naming itself whose entry point reaches TypeScript; no when it does not', () => {
    const own = (i: string) => project({ 'package.json': '{"name":"me","type":"module","exports":"./i.js"}', 'a.mjs': "import 'me';\n", 'i.js': i, 'f.ts': '' });
    expect(needs(own("import './f.ts';\n"))).to.equal(true);
    expect(needs(own('export {};\n'))).to.equal(false);
  });

  it('runs a .mjs adapter that imports TypeScript, in a worker thread of the CLI (tsx registered for it)', () => {
    const model = pathToFileURL(join(ROOT, 'dist', 'model', 'adapter.js')).href;
    const dir = project({
      'a.mjs': "export { createAdapter } from './inner.mts';\n",
      'inner.mts': `import { createModelAdapter } from ${JSON.stringify(model)};\nexport const createAdapter = (o: unknown) => createModelAdapter(o as never, undefined, 'wrapped');\n`,
    });
    const r = pep567('run', '--impl', join(dir, 'a.mjs'), '--in-process', '--include', 'getset/*', '--report', join(dir, 'report'));
    expect(r.code, r.out + r.err).to.equal(0);
  });
});
