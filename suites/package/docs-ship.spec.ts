/**
 * The docs name only what ships: every path, npm script and npx command named in the Markdown
 * files of the packed tarball, and in the CLI's own output (`pep567 --help`, each command's
 * `--help`, `pep567 list`), exists in the package as installed, or its place marks it as the
 * repository's (doc-refs.ts says how). A consumer reads these from node_modules/pep567-conformance/.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADAPTER_CONTRACT_VERSION } from '../../harness/contract/adapter.ts';
import { COMMANDS } from '../../harness/cli/commands/index.ts';
import { pep567, ROOT } from '../support/cli.ts';
import { asPath, references, REPOSITORY_MARK, type Ref } from './doc-refs.ts';

const where = (r: Ref) => `${r.file}:${r.line}: ${r.text}`;

/** Folders the CLI writes into the package's own tree: `pep567 fuzz --promote` adds regression scenarios, `--record-corpus` the corpus. */
const WRITTEN = ['fixtures/regressions/', 'reference/corpus/'];

describe('package: the docs and the CLI name only what ships', function () {
  this.timeout(120_000);
  let files: Set<string>;
  let refs: Ref[];
  const help = new Map<string, string>();

  before(() => {
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(packed.status, packed.stderr).to.equal(0);
    files = new Set(JSON.parse(packed.stdout)[0].files.map((f: { path: string }) => f.path));
    refs = [...files].filter((f) => f.endsWith('.md')).flatMap((f) => references(f, readFileSync(join(ROOT, f), 'utf8')));
    for (const c of ['', ...COMMANDS.map((x) => x.name)]) {
      const r = pep567(...(c ? [c] : []), '--help');
      expect(r.code, r.err).to.equal(0);
      help.set(c, r.out);
    }
  });

  /** A path exists in the package: a file, a folder, or the fixed part of a pattern (`fixtures/<area>/…`). */
  const ships = (p: string): boolean => {
    const fixed = p.split(/[*…<{]|\bX\b|\bNAME\b|\bID\b/)[0]!.replace(/\/[^/]*$/, (tail) => (p.length > tail.length && /[*…<{]|\bX\b/.test(p) ? '/' : tail));
    if (files.has(p) || WRITTEN.some((w) => p.startsWith(w))) return true;
    const dir = (fixed.endsWith('/') ? fixed : `${fixed}/`);
    return [...files].some((f) => f.startsWith(dir) || (fixed !== p && f.startsWith(fixed)));
  };

  it('finds references to check (the scanner reads the docs)', () => {
    expect(refs.filter((r) => r.kind === 'path').length).to.be.greaterThan(20);
    expect(refs.filter((r) => r.kind === 'command').length).to.be.greaterThan(10);
    expect(refs.some((r) => r.repository)).to.equal(true);
  });

  it('every path named in a shipped Markdown file ships, or is marked as the repository\'s', () => {
    const missing = refs.filter((r) => r.kind === 'path' && !r.repository && !ships(r.text));
    expect(missing.map(where)).to.deep.equal([]);
  });

  it('no npm script is named outside the repository\'s parts (a consumer\'s project has its own scripts)', () => {
    const scripts = refs.filter((r) => r.kind === 'script' && !r.repository);
    expect(scripts.map(where)).to.deep.equal([]);
  });

  it('every npx command is pep567 with a command and options it has (others are marked as the repository\'s)', () => {
    const bad: string[] = [];
    for (const r of refs.filter((x) => x.kind === 'command' && !x.repository)) {
      // Quoted arguments are the command's values ('runner:./my-runner --its-args'), not its options.
      const words = r.text.replace(/'[^']*'|"[^"]*"/g, 'ARG').split(/\s+/);
      if (words[1] !== 'pep567') { bad.push(`${where(r)} (not a command of the package)`); continue; }
      const sub = words[2] && !words[2].startsWith('-') ? words[2] : '';
      if (sub && !help.has(sub)) { bad.push(`${where(r)} (no command ${sub})`); continue; }
      for (const opt of words.slice(2).filter((w) => /^--[a-z]/.test(w)).map((w) => w.replace(/[=[\]|].*$/, '')))
        if (!help.get(sub)!.includes(opt) && !help.get('')!.includes(opt)) bad.push(`${where(r)} (no option ${opt})`);
    }
    expect(bad).to.deep.equal([]);
  });

  it('every contract version in the docs is the one the package implements', () => {
    const stale = refs.filter((r) => r.kind === 'contract' && r.text !== ADAPTER_CONTRACT_VERSION);
    expect(stale.map(where), `contract ${ADAPTER_CONTRACT_VERSION}`).to.deep.equal([]);
  });

  it('every path the CLI prints in --help and list ships, or is marked as the repository\'s', () => {
    const list = pep567('list');
    expect(list.code, list.err).to.equal(0);
    const bad: string[] = [];
    for (const [name, text] of [...[...help].map(([c, t]) => [`pep567 ${c} --help`, t] as const), ['pep567 list', list.out] as const])
      text.split('\n').forEach((line, i) => {
        if (REPOSITORY_MARK.test(line)) return;
        for (const w of line.split(/[\s,;()]+/)) {
          const p = asPath(w);
          if (p && !ships(p)) bad.push(`${name}:${i + 1}: ${p}`);
        }
      });
    expect(bad).to.deep.equal([]);
  });
});
