/**
 * The layering of harness/ (harness/LAYERS.md) and the README's map of the repository: every import
 * goes to a folder its row allows, no folder or file imports itself round about, every folder has
 * a row and a line in "What is where". The checker is fed synthetic imports too, so that it is
 * seen to fail.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { edgesOf, importsOf, layerProblems, parseLayers, type Edge } from '../support/layers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAYERS_MD = readFileSync(`${ROOT}harness/LAYERS.md`, 'utf8');
/** Folders of harness/ that hold a file (git leaves a moved folder behind empty). */
const harnessFolders = () => readdirSync(`${ROOT}harness`, { withFileTypes: true })
  .filter((e) => e.isDirectory() && readdirSync(`${ROOT}harness/${e.name}`, { recursive: true, withFileTypes: true }).some((f) => f.isFile()))
  .map((e) => e.name).sort();
const harnessTopFiles = () => readdirSync(`${ROOT}harness`, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => e.name).sort();

describe('layers: harness/LAYERS.md', () => {
  const table = parseLayers(LAYERS_MD);

  it('has one row for every folder of harness/ and every .ts file at its top, and none for anything else', () => {
    expect([...table.keys()].sort()).to.deep.equal([...harnessFolders(), ...harnessTopFiles()].sort());
  });

  it('allows every import of harness/**/*.ts, and there is no folder cycle and no file cycle', () => {
    const edges = edgesOf(ROOT, 'harness');
    expect(edges.length).to.be.greaterThan(400);
    expect(layerProblems(edges, table, 'harness')).to.deep.equal([]);
  });

  describe('the checker', () => {
    const small = new Map<string, string[]>([['format', []], ['interpreter', ['format']], ['run', ['interpreter', 'format']]]);
    const edge = (from: string, to: string, line = 3): Edge => ({ from: `harness/${from}`, to: `harness/${to}`, line, dynamic: false });

    it('passes imports that go down the table, directly or through a folder in between', () => {
      expect(layerProblems([edge('run/a.ts', 'interpreter/b.ts'), edge('interpreter/b.ts', 'format/c.ts'), edge('run/a.ts', 'run/d.ts')], small, 'harness')).to.deep.equal([]);
      const chain = new Map<string, string[]>([['format', []], ['interpreter', ['format']], ['run', ['interpreter']]]);
      expect(layerProblems([edge('run/a.ts', 'format/c.ts')], chain, 'harness')).to.deep.equal([]);
    });

    it('names the file and line of an import back up the table', () => {
      const problems = layerProblems([edge('interpreter/b.ts', 'run/a.ts', 12)], small, 'harness');
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^harness\/interpreter\/b\.ts:12: interpreter may not import run/);
    });

    it('names a folder cycle and a file cycle with the lines of their imports', () => {
      const problems = layerProblems([
        edge('run/a.ts', 'interpreter/b.ts', 5), edge('interpreter/c.ts', 'run/d.ts', 7), // folder cycle, no file cycle
        edge('run/x.ts', 'run/y.ts', 2), edge('run/y.ts', 'run/x.ts', 4), // file cycle inside one folder
      ], small, 'harness');
      expect(problems).to.deep.equal([
        'harness/interpreter/c.ts:7: interpreter may not import run (harness/run/d.ts); LAYERS.md lets interpreter import format',
        'cycle interpreter -> run -> interpreter: harness/interpreter/c.ts:7, harness/run/a.ts:5',
        'cycle harness/run/x.ts -> harness/run/y.ts -> harness/run/x.ts: harness/run/x.ts:2, harness/run/y.ts:4',
      ]);
    });

    it('refuses a folder without a row and a row that allows a folder below it', () => {
      expect(layerProblems([edge('newfolder/a.ts', 'format/c.ts', 9)], small, 'harness')).to.deep.equal(['harness/newfolder/a.ts:9: newfolder has no row in LAYERS.md']);
      const backwards = new Map<string, string[]>([['format', ['run']], ['run', ['format']]]);
      expect(layerProblems([], backwards, 'harness')).to.deep.equal(['LAYERS.md: format may import run, which is not on a row above it']);
    });
  });

  describe('reading imports', () => {
    it('finds static, type-only, export-from, side-effect, multi-line and literal dynamic imports, on the line of their keyword', () => {
      const src = [
        "import { a } from './a.ts';",
        "import type { B } from '../b/b.ts';",
        "export { c } from './c.ts';",
        "export * from './d.ts';",
        "import './e.ts';",
        'import {',
        '  f,',
        "} from './f.ts';",
        "const g = () => import('./g.ts');",
        "export type { H } from './h.ts';",
      ].join('\n');
      expect(importsOf(src).map((i) => `${i.line}:${i.specifier}${i.dynamic ? ' dyn' : ''}`)).to.deep.equal([
        '1:./a.ts', '2:../b/b.ts', '3:./c.ts', '4:./d.ts', '5:./e.ts', '6:./f.ts', '9:./g.ts dyn', '10:./h.ts',
      ]);
    });

    it('ignores imports written in comments, strings, templates and regular expressions, and import.meta', () => {
      const src = [
        "// import { a } from './a.ts';",
        "/* import('./b.ts') */",
        "const s = \"import { c } from './c.ts'\";",
        "const t = `import { d } from './d.ts' ${'x'}`;",
        "const r = /import { e } from '.\\/e.ts'/;",
        'const u = new URL(\'./f.ts\', import.meta.url);',
        "export const x = 1; import { real } from './real.ts';",
      ].join('\n');
      expect(importsOf(src).map((i) => i.specifier)).to.deep.equal(['./real.ts']);
    });
  });
});

describe("README: What is where", () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  // The heading may say whose section it is ("in the repository": the package's docs check reads that).
  const block = /## What is where[^\n]*\n+```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const entries = block.split('\n').map((l) => l.split(/\s+/)[0]!).filter(Boolean);

  it('lists every folder of harness/', () => {
    expect(harnessFolders().filter((f) => !entries.includes(`harness/${f}/`))).to.deep.equal([]);
  });

  it('lists every folder at the top of the repository (or a file in it), and names only paths that exist', () => {
    const ignored = readFileSync(`${ROOT}.gitignore`, 'utf8').split('\n').map((l) => l.trim().replace(/^\//, '').replace(/\/$/, ''));
    const top = readdirSync(ROOT, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !ignored.includes(e.name)).map((e) => e.name);
    expect(top.filter((d) => !entries.some((e) => e.startsWith(`${d}/`)))).to.deep.equal([]);
    expect(entries.filter((e) => !e.startsWith('dist/') && !existsSync(`${ROOT}${e}`))).to.deep.equal([]);
  });
});
