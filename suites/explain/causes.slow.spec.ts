/**
 * A spec per cause (issue 19 §5): a test double with exactly one defect, run through the real CLI
 * on every scenario, FAILs only with that cause, and the text report says "N failures from 1 cause".
 * The doubles are the reference model with one thing changed (suites/harness/support/defects/, and
 * mutants whose defect is that narrow).
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CauseId } from '../../harness/explain/causes.ts';
import type { Report } from '../../harness/report/report.ts';
import { runCli } from '../support/cli.ts';

const DOUBLES: [CauseId, string][] = [
  ['foreign-error', './suites/harness/support/defects/nested-scope-library-error.ts'],
  ['default-precedence', './suites/harness/support/defects/default-beats-argument.ts'],
  ['error-kind-differs', './suites/harness/support/defects/runtime-error-as-value-error.ts'],
  ['refusal-missing', 'mutant:no-reentrancy-check'],
  ['scope-outlives-body', 'mutant:scoped-keeps-on-error'],
  ['parent-later', 'mutant:done-callback-live-context'],
];

describe('causes: a double with one defect gets that cause and no other', function () {
  this.timeout(300_000);
  let tmp: string;
  before(() => { tmp = mkdtempSync(join(tmpdir(), 'pep567-causes-')); });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  for (const [cause, impl] of DOUBLES) {
    it(`${cause}: ${impl}`, () => {
      const dir = join(tmp, cause);
      const r = runCli(['run', '--impl', impl, '--report', dir], { timeout: 280_000 });
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
