import { expect } from 'chai';
// @ts-expect-error: a plain ESM script without declarations
import { summarize } from '../../scripts/mutate.mjs';
// @ts-expect-error: a plain ESM script without declarations
import { keysOf } from '../../scripts/mutate-keys.mjs';

/** A survivor as Stryker's JSON report gives it: 1-based line and column, end exclusive, on the `nth` occurrence of `span`. */
function survivor(source: string, span: string, mutatorName: string, replacement: string, nth = 1) {
  let at = -1;
  for (let i = 0; i < nth; i++) at = source.indexOf(span, at + 1);
  if (at < 0) throw new Error(`no ${span}`);
  const pos = (o: number) => ({ line: source.slice(0, o).split('\n').length, column: o - source.lastIndexOf('\n', o - 1) });
  return { mutatorName, replacement, status: 'Survived', location: { start: pos(at), end: pos(at + span.length) } };
}

const FILE = 'harness/model/example.ts';
const report = (source: string, mutants: object[]) => ({ files: { [FILE]: { source, mutants } } });
/** The survivor lines of the summary, and the equivalences it reported as matching nothing. */
function run(source: string, mutants: object[], equivalents: object[]) {
  const orphaned: object[] = [];
  const md: string = summarize(report(source, mutants), equivalents, ['x'], (e: object) => orphaned.push(e));
  return { lines: md.split('\n').filter((l) => l.startsWith('- `')), orphaned };
}
/** The entry someone writes for a survivor: its key, as `--keys` prints it, plus a reason. */
const entry = (source: string, m: object, reason: string) => ({ ...keysOf('example.ts', source, [m])[0], reason });

const SOURCE = [
  'export function settle(f: Fut): void {',
  '  if (f.done) return;',
  '  f.resolve();',
  '}',
  '',
].join('\n');

describe('mutation equivalents keyed by code (scripts/mutate-keys.mjs)', () => {
  const m = survivor(SOURCE, 'f.done', 'ConditionalExpression', 'false');
  const eq = entry(SOURCE, m, 'settled twice only in a switch');

  it('an equivalence still applies after lines are added above its mutant, at the new line', () => {
    const edited = `/** a new comment */\nimport { x } from './x.ts';\n${SOURCE}`;
    const { lines, orphaned } = run(edited, [survivor(edited, 'f.done', 'ConditionalExpression', 'false')], [eq]);
    expect(lines).to.deep.equal(['- `harness/model/example.ts:4:7` ConditionalExpression → "false" — equivalent: settled twice only in a switch']);
    expect(orphaned).to.deep.equal([]);
  });

  it('an edit of the mutant\'s own line orphans the equivalence (reported), and the survivor is a gap again', () => {
    const edited = SOURCE.replace('if (f.done) return;', 'if (f.done) return void log();');
    const { lines, orphaned } = run(edited, [survivor(edited, 'f.done', 'ConditionalExpression', 'false')], [eq]);
    expect(lines).to.deep.equal(['- `harness/model/example.ts:2:7` ConditionalExpression → "false" — **gap**']);
    expect(orphaned).to.deep.equal([eq]);
  });

  it('does not give a reason to another mutant of the same span (the replacement is part of the key)', () => {
    const other = survivor(SOURCE, 'f.done', 'ConditionalExpression', 'true');
    expect(run(SOURCE, [other], [eq]).lines[0]).to.match(/\*\*gap\*\*$/);
  });

  describe('identical lines in one file', () => {
    const twice = `${SOURCE}export function again(f: Fut): void {\n  if (f.done) return;\n}\n`;
    const first = survivor(twice, 'f.done', 'ConditionalExpression', 'false', 1);
    const second = survivor(twice, 'f.done', 'ConditionalExpression', 'false', 2);

    it('an entry that does not say which one is refused, naming the choices', () => {
      expect(() => run(twice, [first, second], [eq])).to.throw(/matches 2 mutants.*"nth": "1\/2" \(line 2\) or "2\/2" \(line 6\)/);
    });

    it('an entry with nth explains only that one', () => {
      const { lines } = run(twice, [first, second], [{ ...eq, nth: '2/2' }]);
      expect(lines).to.deep.equal([
        '- `harness/model/example.ts:2:7` ConditionalExpression → "false" — **gap**',
        '- `harness/model/example.ts:6:7` ConditionalExpression → "false" — equivalent: settled twice only in a switch',
      ]);
    });

    it('a third copy orphans the entry instead of moving it to another mutant', () => {
      const thrice = `${twice}function third(f: Fut) {\n  if (f.done) return;\n}\n`;
      const all = [1, 2, 3].map((n) => survivor(thrice, 'f.done', 'ConditionalExpression', 'false', n));
      const { lines, orphaned } = run(thrice, all, [{ ...eq, nth: '2/2' }]);
      expect(lines.every((l) => l.endsWith('**gap**'))).to.equal(true);
      expect(orphaned).to.have.length(1);
    });
  });

  it('an equivalence whose mutant a scenario killed is reported as refuted, not counted', () => {
    const killed = { ...m, status: 'Killed' };
    const refuted: string[] = [];
    const md: string = summarize(report(SOURCE, [killed]), [eq], ['x'], () => {}, (_x: object, why: string) => refuted.push(why));
    expect(refuted).to.deep.equal(['settled twice only in a switch']);
    expect(md).to.contain('| 1 | 1 | 0 | 0 | 0 | 100.0% | 0 | 100.0% |');
  });

  it('two entries for one mutant are refused', () => {
    expect(() => run(SOURCE, [m], [eq, { ...eq, reason: 'another' }])).to.throw(/two entries for one mutant/);
  });

  it('a long span (a block) is keyed by its start and a hash of the whole, so a change inside it orphans the entry', () => {
    const body = Array.from({ length: 8 }, (_, i) => `  f.step${i}();`).join('\n');
    const src = `function g(f: Fut) {\n${body}\n}\n`;
    const block = survivor(src, `{\n${body}\n}`, 'BlockStatement', '{}');
    const key = keysOf('example.ts', src, [block])[0];
    expect(key.original).to.match(/^\{ f\.step0\(\);.*…#[0-9a-f]{8}$/);
    const changed = src.replace('step7', 'step8');
    const moved = survivor(changed, `{\n${body.replace('step7', 'step8')}\n}`, 'BlockStatement', '{}');
    expect(run(changed, [moved], [{ ...key, reason: 'r' }]).orphaned).to.have.length(1);
  });
});
