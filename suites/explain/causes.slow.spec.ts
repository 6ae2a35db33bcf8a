/**
 * A spec per cause (issue 19 §5): for every cause of the taxonomy but `unclassified`, a test double
 * with exactly that defect, run through the real CLI (a child process), FAILs only with that cause,
 * and the text report says "N failures from 1 cause". The doubles are the reference model with one
 * thing changed: tiny adapters over it (suites/harness/support/defects/), the mutants
 * (harness/mutants/) and the slot double, whose defect is that narrow. A double whose defect also
 * shows elsewhere as a consequence is run on the scenarios that show the defect itself
 * (`include`); one whose every FAIL is that cause runs on every scenario. `unclassified` is what no
 * rule names: a double made to get it would pin a gap of the taxonomy (EXPLAIN.md).
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAUSE_IDS, type CauseId } from '../../harness/explain/causes.ts';
import type { Report } from '../../harness/report/report.ts';
import { runCli } from '../support/cli.ts';

const D = './suites/harness/support/defects';
/** Each cause, its double, and the scenarios it runs (every scenario when none). */
const DOUBLES: Record<Exclude<CauseId, 'unclassified'>, { impl: string; include?: string[] }> = {
  'creator-turn': { impl: 'mutant:eager-step-in-creator-context', include: ['eager/first-step-in-task-copy', 'eager/eager-task-that-raises'] },
  'sibling-bleed': { impl: 'mutant:task-shares-parent-context', include: ['tasks/siblings-no-bleed', 'taskgroup/children-isolated'] },
  'child-to-parent': { impl: 'mutant:task-shares-parent-context', include: ['run-scoped/task-child-binding-not-seen-by-parent', 'errors/error-through-nested-tasks'] },
  'parent-later': { impl: 'mutant:done-callback-live-context' },
  'call-set-lost': { impl: 'mutant:direct-await-copies', include: ['divergences/call-set-after-await-reaches-caller', 'tutorial/deep-chain'] },
  'lost-at-await': { impl: './suites/harness/support/slot-adapter.ts', include: ['run-scoped/binding-holds-across-sleep', 'await/nested-calls-share-context', 'divergences/default-visible-to-earlier-task'] },
  'lost-at-task-start': { impl: `${D}/task-starts-empty.ts`, include: ['await/call-inside-task-stays-in-task', 'tasks/copy-at-creation'] },
  'lost-in-callback': { impl: `${D}/callback-runs-empty.ts`, include: ['callbacks/*'] },
  'context-is-a-value': { impl: 'mutant:run-discards-changes', include: ['run/changes-kept-for-next-run', 'callbacks/explicit-context-keeps-changes'] },
  'snapshot-is-live': { impl: 'mutant:copy-context-shares', include: ['copy-context/copy-context-is-a-snapshot', 'copy-context/ctx-copy-is-a-snapshot-both-ways'] },
  'scope-outlives-body': { impl: 'mutant:scoped-keeps-on-error' },
  'default-precedence': { impl: `${D}/default-beats-argument.ts` },
  'default-lost-in-earlier-context': { impl: `${D}/default-in-declaring-context.ts`, include: ['copy-context/variable-created-after-copy-*', 'divergences/default-visible-to-earlier-task'] },
  'refusal-missing': { impl: 'mutant:no-reentrancy-check' },
  'error-kind-differs': { impl: `${D}/runtime-error-as-value-error.ts` },
  'spurious-error': { impl: `${D}/nested-scope-runtime-error.ts`, include: ['run-scoped/nested-*', 'run-scoped/deep-nesting-five-levels'] },
  'foreign-error': { impl: `${D}/nested-scope-library-error.ts` },
};

describe('causes: a double with one defect gets that cause and no other', function () {
  this.timeout(300_000);
  let tmp: string;
  before(() => { tmp = mkdtempSync(join(tmpdir(), 'pep567-causes-')); });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('every cause of the taxonomy but unclassified has a double', () => {
    expect(Object.keys(DOUBLES).sort()).to.deep.equal(CAUSE_IDS.filter((c) => c !== 'unclassified').sort());
  });

  for (const [cause, { impl, include = [] }] of Object.entries(DOUBLES)) {
    it(`${cause}: ${impl}${include.length ? ` on ${include.join(', ')}` : ''}`, () => {
      const dir = join(tmp, cause);
      const r = runCli(['run', '--impl', impl, ...include.flatMap((g) => ['--include', g]), '--report', dir], { timeout: 280_000 });
      expect(r.code, r.err).to.equal(1);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
      const results = report.runs[0]!.results;
      const broken = results.filter((x) => !['PASS', 'UNSUPPORTED', 'SKIPPED', 'SEMANTICS_DIFFER'].includes(x.status));
      expect(broken.length, 'it fails somewhere').to.be.greaterThan(0);
      expect(broken.map((x) => `${x.id}: ${x.status} ${x.cause?.id ?? '(no cause)'}`).filter((l) => !l.endsWith(`FAIL ${cause}`))).to.deep.equal([]);
      expect(r.out).to.match(new RegExp(`: ${broken.length} failures? from 1 cause\\n`));
    });
  }
});
