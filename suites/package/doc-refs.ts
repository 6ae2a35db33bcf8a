/**
 * What the shipped docs and the CLI's own output name: paths of this package, `npm run`/`npm test`
 * scripts, `npx` commands and their options, and contract versions. Each reference is found with
 * whether its place marks it as belonging to the repository ("this repository", "the repository",
 * "in a clone", "(repository)", or a heading saying so above it), so that docs-ship.spec.ts can
 * check that every unmarked one exists in the package as installed.
 */

/** A reference and where it was found. */
export interface Ref {
  kind: 'path' | 'script' | 'command' | 'contract';
  /** The path (without a node_modules/pep567-conformance/ prefix), script name, command line or version. */
  text: string;
  file: string;
  line: number;
  /** Marked as the repository's (not the package's) by its block or its section. */
  repository: boolean;
}

/** The folders and root files of the repository: a token starting with one of them is a path of ours. */
const ROOTS = /^(?:harness|fixtures|reference|suites|scripts|bin|dist|examples|expectations|\.ci|\.github)\/|^(?:package\.json|package-lock\.json|tsconfig[\w.]*\.json|\.mocharc[\w.]*\.json|\.c8rc\.json|LICENSE|README\.md)$/;
const PACKAGE_PREFIX = /^(?:\.\/)?node_modules\/pep567-conformance\//;
export const REPOSITORY_MARK = /\b(?:this|the) repository\b|\bin a clone\b|\bfrom a clone\b|\(repository\)/i;

/** A candidate token as a path of ours, or undefined (`./my-adapter.js`, `report/…` and URLs are not). */
export function asPath(token: string): string | undefined {
  let t = token.trim().replace(/^['"(]+|['"),.:;]+$/g, '');
  if (/^[a-z]+:\/\//i.test(t)) return undefined;
  const withPrefix = PACKAGE_PREFIX.test(t);
  t = t.replace(PACKAGE_PREFIX, '').replace(/^\.\//, '');
  if (!withPrefix && !ROOTS.test(t)) return undefined;
  return t;
}

/** Splits Markdown into blocks (paragraph, list item, table row, heading, fenced code with the text before it). */
function blocks(md: string): { text: string; line: number; heading?: number }[] {
  const out: { text: string; line: number; heading?: number }[] = [];
  const lines = md.split('\n');
  let cur: { text: string; line: number } | undefined;
  let fence: { text: string; line: number } | undefined;
  const flush = () => { if (cur) out.push(cur); cur = undefined; };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (fence) {
      fence.text += `\n${l}`;
      if (/^\s*```/.test(l)) {
        // The fence belongs with the paragraph that introduces it (the mark is usually there).
        const prev = out.at(-1);
        if (prev && prev.heading === undefined && prev.line + prev.text.split('\n').length >= fence.line - 1) prev.text += `\n${fence.text}`;
        else out.push(fence);
        fence = undefined;
      }
      continue;
    }
    if (/^\s*```/.test(l)) { flush(); fence = { text: l, line: i + 1 }; continue; }
    const h = /^(#{1,6})\s/.exec(l);
    if (h) { flush(); out.push({ text: l, line: i + 1, heading: h[1]!.length }); continue; }
    if (!l.trim()) { flush(); continue; }
    if (/^\s*(?:[-*]|\d+\.)\s|^\s*\|/.test(l)) { flush(); cur = { text: l, line: i + 1 }; continue; }
    if (cur) cur.text += `\n${l}`; else cur = { text: l, line: i + 1 };
  }
  flush();
  if (fence) out.push(fence);
  return out;
}

/** The tokens of a block worth reading: code spans, fenced code words, link targets. */
function tokens(text: string): { token: string; offset: number }[] {
  const out: { token: string; offset: number }[] = [];
  const lineOf = (at: number) => text.slice(0, at).split('\n').length - 1;
  for (const m of text.matchAll(/```[^\n]*\n([\s\S]*?)```/g))
    for (const w of m[1]!.matchAll(/[^\s`'"|;<>()=,]+/g)) out.push({ token: w[0], offset: lineOf(m.index! + m[0].indexOf(m[1]!) + w.index!) });
  const noFence = text.replace(/```[\s\S]*?```/g, (f) => f.replace(/[^\n]/g, ' '));
  for (const m of noFence.matchAll(/`([^`\n]+)`/g))
    for (const w of m[1]!.split(/[\s,]+/)) out.push({ token: w, offset: lineOf(m.index!) });
  for (const m of noFence.matchAll(/\]\(([^)\s]+)\)/g)) out.push({ token: m[1]!, offset: lineOf(m.index!) });
  return out;
}

/** Command lines: fenced lines and code spans that start with npx/npm. */
function commandLines(text: string): { cmd: string; offset: number }[] {
  const out: { cmd: string; offset: number }[] = [];
  const lines = text.split('\n');
  let inFence = false;
  lines.forEach((l, i) => {
    if (/^\s*```/.test(l)) { inFence = !inFence; return; }
    if (inFence) {
      const m = /^\s*(?:-\s*run:\s*)?((?:[A-Z0-9_]+=\S+\s+)*(?:npx|npm)\s.*?)(?:\s+#.*)?$/.exec(l);
      if (m) out.push({ cmd: m[1]!, offset: i });
      return;
    }
    for (const s of l.matchAll(/`((?:[A-Z0-9_]+=\S+\s+)*(?:npx|npm)\s[^`]+)`/g)) out.push({ cmd: s[1]!, offset: i });
  });
  return out;
}

/** Every reference in one Markdown file (or a CLI output read as one paragraph per line group). */
export function references(file: string, md: string): Ref[] {
  const out: Ref[] = [];
  const marked: (boolean | undefined)[] = []; // by heading level: whether that section is the repository's
  for (const b of blocks(md)) {
    if (b.heading !== undefined) {
      marked.length = b.heading - 1;
      marked[b.heading - 1] = REPOSITORY_MARK.test(b.text);
      continue;
    }
    const repository = marked.some(Boolean) || REPOSITORY_MARK.test(b.text);
    for (const { token, offset } of tokens(b.text)) {
      const p = asPath(token);
      if (p) out.push({ kind: 'path', text: p, file, line: b.line + offset, repository });
    }
    for (const { cmd, offset } of commandLines(b.text)) {
      const line = b.line + offset;
      const script = /\bnpm\s+(?:run(?:-script)?\s+([\w:.-]+)|(test|start))\b/.exec(cmd);
      if (script) out.push({ kind: 'script', text: script[1] ?? script[2]!, file, line, repository });
      else if (/\bnpx\s/.test(cmd)) out.push({ kind: 'command', text: cmd.replace(/^.*?\bnpx\s+/, 'npx '), file, line, repository });
    }
    for (const m of b.text.matchAll(/\bcontract:\s*'(\d+\.\d+\.\d+)'/g)) out.push({ kind: 'contract', text: m[1]!, file, line: b.line, repository });
  }
  return out;
}
