/**
 * Keys of harness/model/mutation-equivalents.json: a mutant is named by what it changes, not where.
 * A key is the file, the mutator, the original code of the mutated span, the replacement and the
 * source line the span starts on (all whitespace-collapsed), so an edit elsewhere in the file keeps
 * it; editing that line orphans it, and its equivalence has to be argued again.
 * Two mutants with the same key in one file (identical lines) are told apart by `nth`: "i/n", the
 * i-th of n in file order. An entry without `nth` that would match several mutants, or two entries
 * with one key, is an error; an entry whose `nth` no longer fits (a copy of that line was added or
 * removed) matches nothing and is reported as orphaned rather than moving to another mutant.
 */
import { createHash } from 'node:crypto';

const squash = (s) => s.replace(/\s+/g, ' ').trim();
/** A long span (a block) is its start and a hash of the whole, so keys stay one readable line. */
const short = (s) => (s.length > 80 ? `${s.slice(0, 60)}…#${createHash('sha1').update(s).digest('hex').slice(0, 8)}` : s);

/** The source text of a report location (1-based lines and columns, end exclusive). */
export function spanText(lines, loc) {
  const { start, end } = loc;
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
}

const identity = (k) => JSON.stringify([k.file, k.mutator, k.original, k.replacement, k.line]);

/** The key of each of one file's mutants (same order), `nth` set where several share one. */
export function keysOf(file, source, mutants) {
  const lines = source.split('\n');
  const keys = mutants.map((m) => ({
    file, mutator: m.mutatorName, original: short(squash(spanText(lines, m.location))),
    replacement: short(squash(String(m.replacement ?? ''))), line: squash(lines[m.location.start.line - 1]),
  }));
  const groups = new Map();
  const order = mutants.map((m, i) => i).sort((a, b) => {
    const p = mutants[a].location.start, q = mutants[b].location.start;
    return p.line - q.line || p.column - q.column;
  });
  for (const i of order) {
    const id = identity(keys[i]);
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id).push(i);
  }
  for (const members of groups.values()) {
    if (members.length > 1) members.forEach((i, n) => { keys[i].nth = `${n + 1}/${members.length}`; });
  }
  return keys;
}

/**
 * Match entries ({file, mutator, original, replacement, line, nth?, reason}) to one file's mutants.
 * Returns the reason per mutant index and the entries of that file that matched nothing; throws on
 * an ambiguous entry or a duplicated one.
 */
export function matchEquivalents(entries, file, source, mutants) {
  const keys = keysOf(file, source, mutants);
  const byId = new Map();
  keys.forEach((k, i) => {
    const id = identity(k);
    if (!byId.has(id)) byId.set(id, []);
    byId.get(id).push(i);
  });
  const reasons = new Map(), orphaned = [], seen = new Set();
  for (const e of entries.filter((x) => x.file === file)) {
    const id = identity(e);
    const full = `${id}${e.nth ?? ''}`;
    if (seen.has(full)) throw new Error(`mutation-equivalents.json: two entries for one mutant: ${describe(e)}`);
    seen.add(full);
    const hits = byId.get(id) ?? [];
    if (!e.nth && hits.length > 1) {
      throw new Error(`mutation-equivalents.json: ${describe(e)} matches ${hits.length} mutants (identical lines); give "nth": ` +
        hits.map((i) => `"${keys[i].nth}" (line ${mutants[i].location.start.line})`).join(' or '));
    }
    const hit = hits.find((i) => keys[i].nth === e.nth);
    if (hit === undefined) orphaned.push(e);
    else reasons.set(hit, e.reason);
  }
  return { reasons, orphaned };
}

export const describe = (e) => `${e.file} ${e.mutator} \`${e.original}\` → \`${e.replacement}\` on \`${e.line}\`${e.nth ? ` (${e.nth})` : ''}`;

/** The file's text: one entry a line, so merges of separately added entries rarely conflict. */
export const formatEquivalents = (entries) => {
  const order = ['file', 'mutator', 'original', 'replacement', 'line', 'nth', 'reason'];
  const sorted = [...entries].sort((a, b) => identity(a).localeCompare(identity(b)) || String(a.nth).localeCompare(String(b.nth)));
  return `[\n${sorted.map((e) => `  ${JSON.stringify(Object.fromEntries(order.filter((k) => e[k] !== undefined).map((k) => [k, e[k]])))}`).join(',\n')}\n]\n`;
};
