/**
 * The layering check behind suites/harness/layers.spec.ts: every relative import of harness/**.ts
 * (static, `export … from`, `import type`, side-effect and literal `import()`), read with a small
 * tokenizer so that comments and strings are never taken for imports, checked against the table
 * in harness/LAYERS.md: an import into a folder that is not below the importer's (listed on its row,
 * or below one listed there), a folder cycle or a file cycle is a problem, named by file:line.
 * There is no list of exceptions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface Edge { from: string; to: string; line: number; dynamic: boolean }

/** [A-Za-z0-9_$] */
const isWord = (k: number) => (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === 36;

type Token = { kind: 'word' | 'punct' | 'string'; text: string; line: number };

/** JavaScript/TypeScript tokens that matter for imports: words, punctuation and string literals; comments, templates and regular expressions are skipped. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0, line = 1;
  const braces: number[] = []; // for each open template `${`, the brace depth it was opened at
  let depth = 0;
  const prevAllowsRegex = () => {
    const p = out[out.length - 1];
    if (!p) return true;
    if (p.kind === 'string') return false;
    if (p.kind === 'word') return /^(return|typeof|case|in|of|new|delete|void|throw|instanceof|yield|await|else|do)$/.test(p.text);
    return !/^[)\]}]$/.test(p.text);
  };
  const template = () => { // i is just after '`' or after the '}' closing a `${`
    while (i < src.length) {
      const c = src[i]!;
      if (c === '\\') { i += 2; continue; }
      if (c === '\n') line++;
      if (c === '`') { i++; return; }
      if (c === '$' && src[i + 1] === '{') { i += 2; braces.push(depth); depth++; return; }
      i++;
    }
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '/' && src[i + 1] === '/') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      for (let j = i; j < stop; j++) if (src[j] === '\n') line++;
      i = stop; continue;
    }
    if (c === '\'' || c === '"') {
      const start = line;
      let j = i + 1, text = '';
      while (j < src.length && src[j] !== c && src[j] !== '\n') { if (src[j] === '\\') { text += src[j + 1]; j += 2; continue; } text += src[j]; j++; }
      out.push({ kind: 'string', text, line: start });
      i = j + 1; continue;
    }
    if (c === '`') { i++; template(); out.push({ kind: 'punct', text: '`', line }); continue; }
    if (c === '/' && prevAllowsRegex()) {
      let j = i + 1, inClass = false;
      while (j < src.length && src[j] !== '\n') {
        const d = src[j]!;
        if (d === '\\') { j += 2; continue; }
        if (d === '[') inClass = true; else if (d === ']') inClass = false; else if (d === '/' && !inClass) break;
        j++;
      }
      j++;
      while (j < src.length && /[a-z]/i.test(src[j]!)) j++;
      out.push({ kind: 'punct', text: '/re/', line });
      i = j; continue;
    }
    if (isWord(src.charCodeAt(i))) {
      let j = i + 1;
      while (j < src.length && isWord(src.charCodeAt(j))) j++;
      out.push({ kind: 'word', text: src.slice(i, j), line });
      i = j; continue;
    }
    if (c === '{') depth++;
    if (c === '}') {
      if (braces.length && braces[braces.length - 1] === depth - 1) { braces.pop(); depth--; i++; template(); continue; }
      depth--;
    }
    out.push({ kind: 'punct', text: c, line });
    i++;
  }
  return out;
}

/** The module specifiers a source imports, with the line of each: `import … from`, `export … from`, `import 'x'`, `import('x')`. */
export function importsOf(src: string): { specifier: string; line: number; dynamic: boolean }[] {
  const t = tokenize(src);
  const found: { specifier: string; line: number; dynamic: boolean }[] = [];
  for (let k = 0; k < t.length; k++) {
    const w = t[k]!;
    if (w.kind !== 'word' || (w.text !== 'import' && w.text !== 'export')) continue;
    if (t[k - 1]?.text === '.') continue; // a property named import
    const next = t[k + 1];
    if (w.text === 'import' && next?.text === '(') {
      if (t[k + 2]?.kind === 'string' && t[k + 3]?.text === ')') found.push({ specifier: t[k + 2]!.text, line: w.line, dynamic: true });
      continue;
    }
    if (w.text === 'import' && next?.kind === 'string') { found.push({ specifier: next.text, line: w.line, dynamic: false }); continue; }
    // An import or export clause: names, braces, commas, `*`, `as`, `type`, then `from 'x'`.
    let j = k + 1;
    while (j < t.length && (t[j]!.kind === 'word' && t[j]!.text !== 'from' || /^[{},*]$/.test(t[j]!.text))) {
      if (t[j]!.kind === 'word' && /^(function|class|const|let|var|default|interface|enum|async|declare|namespace|abstract)$/.test(t[j]!.text) && t[j - 1]?.text !== '{' && t[j - 1]?.text !== ',') break;
      j++;
    }
    if (t[j]?.text === 'from' && t[j]!.kind === 'word' && t[j + 1]?.kind === 'string') found.push({ specifier: t[j + 1]!.text, line: w.line, dynamic: false });
  }
  return found;
}

/** Every .ts file under `dir` (relative to `root`, with forward slashes). */
export function tsFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  (function walk(d: string) {
    for (const e of readdirSync(join(root, d), { withFileTypes: true })) {
      const p = posix.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push(p);
    }
  })(dir);
  return out.sort();
}

/** The relative imports between files of `dir` (imports of packages and of files outside it are left out). */
export function edgesOf(root: string, dir: string): Edge[] {
  const edges: Edge[] = [];
  for (const file of tsFiles(root, dir)) {
    for (const { specifier, line, dynamic } of importsOf(readFileSync(join(root, file), 'utf8'))) {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue;
      const to = posix.normalize(posix.join(posix.dirname(file), specifier));
      if (!to.startsWith(`${dir}/`)) continue;
      edges.push({ from: file, to, line, dynamic });
    }
  }
  return edges;
}

/** A file's folder for the table: the first folder under `dir` (`harness/report/render/x.ts` -> `report`), or the file's own name at the top. */
export function folderOf(file: string, dir: string): string {
  return file.slice(dir.length + 1).split('/')[0]!;
}

/** harness/LAYERS.md's table: folder -> the folders it may import. */
export function parseLayers(markdown: string): Map<string, string[]> {
  const table = new Map<string, string[]>();
  for (const row of markdown.split('\n')) {
    const m = /^\|\s*`([^`]+)`\s*\|\s*([^|]*)\|/.exec(row);
    if (!m) continue;
    const folder = m[1]!.replace(/\/$/, '');
    const may = m[2]!.trim() === '—' ? [] : [...m[2]!.matchAll(/`([^`]+)`/g)].map((x) => x[1]!.replace(/\/$/, ''));
    if (table.has(folder)) throw new Error(`LAYERS.md lists ${folder} twice`);
    table.set(folder, may);
  }
  return table;
}

/** Strongly connected components of more than one node (Tarjan), each sorted, in a stable order. */
export function cycles(adjacency: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0;
  const stack: string[] = [], onStack = new Set<string>(), idx = new Map<string, number>(), low = new Map<string, number>(), out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); onStack.add(v);
    for (const w of adjacency.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); c.push(w); } while (w !== v);
      if (c.length > 1 || adjacency.get(v)?.has(v)) out.push(c.sort());
    }
  };
  for (const v of [...adjacency.keys()].sort()) if (!idx.has(v)) visit(v);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** For each row, the folders it may import: those it lists and, through them, every folder they may import. */
export function reachable(table: ReadonlyMap<string, readonly string[]>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const visit = (f: string, seen: Set<string>) => { for (const m of table.get(f) ?? []) if (!seen.has(m)) { seen.add(m); visit(m, seen); } };
  for (const f of table.keys()) { const seen = new Set<string>(); visit(f, seen); seen.delete(f); out.set(f, seen); }
  return out;
}

const graph = (pairs: Iterable<[string, string]>): Map<string, Set<string>> => {
  const g = new Map<string, Set<string>>();
  for (const [a, b] of pairs) { if (!g.has(a)) g.set(a, new Set()); if (!g.has(b)) g.set(b, new Set()); g.get(a)!.add(b); }
  return g;
};

/**
 * Every problem, one line each: a row allowing a folder that is not on a row above it (so the table
 * itself has no cycle), an import into a folder not below the importer's (or from a folder it has
 * no row for), and a folder cycle and a file cycle among the imports (each with the file:line of
 * its imports).
 */
export function layerProblems(edges: readonly Edge[], table: ReadonlyMap<string, readonly string[]>, dir: string): string[] {
  const problems: string[] = [];
  const at = (e: Edge) => `${e.from}:${e.line}`;
  const rows = [...table.keys()];
  for (const [folder, may] of table) for (const m of may) {
    if (!table.has(m)) problems.push(`LAYERS.md: ${folder} may import ${m}, which has no row`);
    else if (rows.indexOf(m) >= rows.indexOf(folder)) problems.push(`LAYERS.md: ${folder} may import ${m}, which is not on a row above it`);
  }
  const below = reachable(table);
  for (const e of edges) {
    const a = folderOf(e.from, dir), b = folderOf(e.to, dir);
    if (!table.has(a)) { problems.push(`${at(e)}: ${a} has no row in LAYERS.md`); continue; }
    if (a !== b && !below.get(a)!.has(b)) problems.push(`${at(e)}: ${a} may not import ${b} (${e.to}); LAYERS.md lets ${a} import ${[...below.get(a)!].sort().join(', ') || 'nothing'}`);
  }
  // For each strongly connected group, one shortest cycle through its first member, with the import behind each step.
  const between = (inside: (e: Edge) => [string, string] | undefined) => {
    const steps = edges.flatMap((e) => { const p = inside(e); return p && p[0] !== p[1] ? [{ p, e }] : []; });
    for (const c of cycles(graph(steps.map((x) => x.p)))) {
      const members = new Set(c), start = c[0]!;
      const via = new Map<string, { prev: string; e: Edge }>();
      const queue = [start];
      for (let q = 0; q < queue.length && !via.has(start); q++) {
        const v = queue[q]!;
        for (const { p, e } of steps) {
          if (p[0] !== v || !members.has(p[1]) || via.has(p[1])) continue;
          via.set(p[1], { prev: v, e });
          queue.push(p[1]);
        }
      }
      const path: Edge[] = [];
      for (let v = start; path.length === 0 || v !== start;) { const step = via.get(v)!; path.unshift(step.e); v = step.prev; }
      const names = path.map((e) => inside(e)![0]);
      problems.push(`cycle ${[...names, start].join(' -> ')}: ${path.map(at).join(', ')}${c.length > names.length ? ` (${c.length} in the knot: ${c.join(', ')})` : ''}`);
    }
  };
  between((e) => [folderOf(e.from, dir), folderOf(e.to, dir)]);
  between((e) => [e.from, e.to]);
  return problems;
}
