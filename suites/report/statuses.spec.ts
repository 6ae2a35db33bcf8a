/**
 * The status table (harness/primitives/statuses.ts) is the one list of statuses: every status has a
 * class, the totals every output prints are computed from it, the schema and REPORT.md agree with
 * it, and no other module of the harness lists statuses.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  classOf, countOf, FAILING, failedText, isFailing, isJudged, NOT_JUDGED, SKIP_KINDS, skipKindOf, skippedText, skipStatus,
  STATUS_TABLE, STATUSES, totalsOf, type Status,
} from '../../harness/primitives/statuses.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TABLE = 'harness/primitives/statuses.ts';

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (/\.(ts|mts|mjs|js)$/.test(name)) yield p;
  }
}

/** The code of a file with its comments blanked (doc comments may name statuses; code may not list them). */
const code = (text: string) => text
  .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
  .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

/** Lines that name two or more statuses: a list, a union, a case chain or a test of a status's class written out by hand. */
export function listings(text: string): { line: number; statuses: string[]; text: string }[] {
  const word = new RegExp(`\\b(${STATUSES.join('|')})\\b`, 'g');
  const out: { line: number; statuses: string[]; text: string }[] = [];
  // A choice between two statuses (`partial ? 'PROTOCOL_ERROR' : 'CRASH'`) decides one result; it lists nothing.
  const choice = new RegExp(`\\?\\s*(['"])(?:${STATUSES.join('|')})\\1\\s*:\\s*(['"])(?:${STATUSES.join('|')})\\2`, 'g');
  code(text).split('\n').forEach((l, i) => {
    l = l.replace(choice, '');
    const named = [...new Set([...l.matchAll(word)].map((m) => m[1]!))];
    if (named.length >= 2) out.push({ line: i + 1, statuses: named, text: l.trim() });
  });
  return out;
}

describe('the status table', () => {
  it('gives every status a class, every skipped one a kind of skip, and each kind of skip one status', () => {
    expect(STATUSES).to.have.length.greaterThan(0);
    for (const s of STATUSES) {
      expect(['passed', 'failing', 'skipped', 'not-run'], s).to.include(classOf(s));
      expect(skipKindOf(s) !== undefined, s).to.equal(classOf(s) === 'skipped');
      expect(['passed', 'failure', 'error', 'skipped'], s).to.include(STATUS_TABLE[s].junit);
      expect(STATUS_TABLE[s].short, s).to.match(/^\S+$/);
      expect(STATUS_TABLE[s].letter, s).to.have.length(1);
    }
    expect(STATUSES.filter((s) => classOf(s) === 'passed')).to.have.length(1);
    for (const k of SKIP_KINDS) expect(STATUSES.filter((s) => skipKindOf(s) === k), k).to.deep.equal([skipStatus(k)]);
    expect(FAILING).to.deep.equal(STATUSES.filter(isFailing));
    expect(NOT_JUDGED).to.deep.equal(STATUSES.filter((s) => !isJudged(s)));
    // A status a newer harness wrote reads as a failure, never as a pass.
    expect(classOf('SOMETHING_NEW')).to.equal('failing');
  });

  it('computes totals whose parts add up: failed is its failing statuses, skipped its kinds', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...STATUSES), { maxLength: 60 }), (list) => {
      const t = totalsOf(countOf(list));
      expect(t.total).to.equal(list.length);
      expect(t.passed + t.failed + t.skipped + t.notRun).to.equal(list.length);
      expect(t.failing.reduce((n, [, k]) => n + k, 0)).to.equal(t.failed);
      expect(SKIP_KINDS.reduce((n, k) => n + t.skips[k], 0)).to.equal(t.skipped);
      // What the summary line prints can be added up by a reader.
      const f = /^(\d+) failed(?: \((.*)\))?$/.exec(failedText(t))!;
      expect(Number(f[1])).to.equal(t.failed);
      if (f[2]) expect(f[2].split(', ').reduce((n, p) => n + Number(p.split(' ')[0]), 0)).to.equal(t.failed);
      else expect(t.failing.length <= 1 && (t.failing.length === 0 || STATUS_TABLE[t.failing[0]![0]].junit === 'failure')).to.equal(true);
      const s = /^(\d+) skipped(?: \((.*)\))?$/.exec(skippedText(t))!;
      expect(Number(s[1])).to.equal(t.skipped);
      if (s[2]) expect(s[2].split(', ').reduce((n, p) => n + Number(p.split(' ')[0]), 0)).to.equal(t.skipped);
    }));
  });

  it('is what the report schema and REPORT.md list', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'harness/report/schema/report.schema.json'), 'utf8'));
    expect(schema.definitions.status.enum).to.deep.equal(STATUSES);
    expect(Object.keys(schema.definitions.counts.properties)).to.deep.equal(STATUSES);
    const doc = readFileSync(join(ROOT, 'harness/report/REPORT.md'), 'utf8');
    const documented = [...doc.matchAll(/^- `([A-Z_]+)`:/gm)].map((m) => m[1] as Status);
    expect(documented).to.have.members([...STATUSES]);
  });

  it('is the only module of the harness that lists statuses', () => {
    const found: string[] = [];
    for (const file of sources(join(ROOT, 'harness'))) {
      const rel = relative(ROOT, file).split('\\').join('/');
      if (rel === TABLE) continue;
      for (const l of listings(readFileSync(file, 'utf8'))) found.push(`${rel}:${l.line}: ${l.statuses.join(', ')}: ${l.text}`);
    }
    expect(found, 'read the class from harness/primitives/statuses.ts instead').to.deep.equal([]);
  });

  it('the listing check finds a list, a union, a class test and a case chain, and ignores comments and single statuses', () => {
    expect(listings(`const BAD = ['FAIL', 'ERROR'];`)).to.have.length(1);
    expect(listings(`type T = 'TIMEOUT' | 'CRASH';`)).to.have.length(1);
    expect(listings(`if (s !== 'PASS' && s !== 'SKIPPED') n++;`)).to.have.length(1);
    expect(listings(`case 'UNSUPPORTED': case 'SEMANTICS_DIFFER': return x;`)).to.have.length(1);
    expect(listings(`const note = 'UNSUPPORTED, SEMANTICS_DIFFER and SKIPPED are not judged';`)).to.have.length(1);
    expect(listings(`throw fail(partial ? 'PROTOCOL_ERROR' : 'CRASH', why);`)).to.deep.equal([]);
    expect(listings(`/** FAIL and ERROR: failures */\nconst a = 1; // PASS or SKIPPED\nreturn { status: 'ERROR' };`)).to.deep.equal([]);
  });
});
