/**
 * `pep567 diff OLD NEW` on real reports: two mutants' runs stand for two versions of one
 * implementation (the old report's run is renamed to the new one's --impl), so regressions and
 * fixes are real results; a scenario left out of the old run is new.
 */
import { expect } from 'chai';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAILING, type Report } from '../../harness/report/report.ts';
import { cli, runReport, type MadeReport } from './support/reports.ts';

describe('pep567 diff', function () {
  this.timeout(120000);
  let earlier: MadeReport, later: MadeReport;
  let oldFile: string;
  const SPEC = 'mutant:task-shares-parent-context';

  before(async () => {
    earlier = await runReport(['--impl', 'mutant:run-discards-changes', '--impl', 'model', 'run', 'tasks', 'tokens', '--exclude', 'tokens/reset-missing-removes']);
    later = await runReport(['--impl', SPEC, '--impl', 'node-als', 'run', 'tasks', 'tokens']);
    // The old run of "the same implementation": the other mutant's results under this spec.
    const old = structuredClone(earlier.report) as Report;
    old.runs[0]!.implementation.spec = SPEC;
    oldFile = join(earlier.dir, 'renamed.json');
    writeFileSync(oldFile, JSON.stringify(old));
  });
  after(() => { for (const m of [earlier, later]) if (m) rmSync(m.dir, { recursive: true, force: true }); });

  it('counts regressions, fixes and new scenarios per implementation as the two reports say, and exits 1 on a regression', async () => {
    const r = await cli(['diff', oldFile, later.file, '--format', 'md,html']);
    expect(r.code, r.err).to.equal(1);
    const o = new Map((JSON.parse(readFileSync(oldFile, 'utf8')) as Report).runs[0]!.results.map((x) => [x.id, x.status]));
    const n = (later.report as Report).runs[0]!.results;
    const failing = (s: string | undefined) => s !== undefined && (FAILING as readonly string[]).includes(s);
    const regressions = n.filter((x) => o.get(x.id) === 'PASS' && failing(x.status)).map((x) => x.id);
    const fixes = n.filter((x) => failing(o.get(x.id)) && x.status === 'PASS').map((x) => x.id);
    expect(regressions.length).to.be.greaterThan(0);
    expect(fixes.length).to.be.greaterThan(0);
    const lines = r.out.split('\n');
    const row = lines.find((l) => l.startsWith('mutant:task-shares-parent-context'))!.split(/\s{2,}/);
    expect(row.slice(2)).to.deep.equal([regressions.length, fixes.length].map(String).concat(row.slice(4, 5), ['1', '0']));
    // node-als ran in the new report only; the model only in the old.
    expect(lines.find((l) => l.startsWith('node-als'))).to.match(/new implementation/);
    expect(lines.find((l) => l.startsWith('model'))).to.match(/not in the new report/);
    const section = lines.slice(lines.findIndex((l) => l.startsWith('Regressions (passed, now failing): ')));
    expect(section[0]).to.equal(`Regressions (passed, now failing): ${regressions.length}`);
    expect(section[1]).to.equal(`  ${regressions[0]} on ${(later.report as Report).runs[0]!.implementation.name} 3.13.0: PASS → FAIL`);
    expect(section.slice(1, 4).find((l) => l.startsWith('    rerun: '))).to.equal(`    rerun: npx pep567 run --impl ${SPEC} ${regressions[0]}`);
    expect(lines).to.include(`  tokens/reset-missing-removes on ${(later.report as Report).runs[0]!.implementation.name} 3.13.0: (none) → ${n.find((x) => x.id === 'tokens/reset-missing-removes')!.status}`);
    expect(lines.filter(Boolean).at(-1)).to.match(new RegExp(`^${regressions.length} regression\\(s\\), ${fixes.length} fix\\(es\\), \\d+ other change\\(s\\), 1 new scenario result\\(s\\)$`));
    const md = readFileSync(join(later.dir, 'diff.md'), 'utf8');
    expect(md).to.include(`## Regressions (passed, now failing) (${regressions.length})`);
    for (const id of [...regressions, ...fixes]) expect(md).to.include(id);
    const html = readFileSync(join(later.dir, 'diff.html'), 'utf8');
    expect(html).to.include(`<h2 class="regression">Regressions (passed, now failing) (${regressions.length})</h2>`);
    expect(html.match(/<script/g)).to.equal(null);
  });

  it('exits 0 with no change between a report and itself, and 2 on a file that is not a report', async () => {
    const same = await cli(['diff', later.file, later.file]);
    expect(same.code).to.equal(0);
    expect(same.out.trimEnd().split('\n').at(-1)).to.equal('0 regression(s), 0 fix(es), 0 other change(s), 0 new scenario result(s)');
    const bad = join(later.dir, 'matrix.json');
    const r = await cli(['diff', later.file, bad]);
    expect(r.code).to.equal(2);
    expect(r.err.split('\n')[0]).to.match(/matrix\.json: unsupported report format "pep567-matrix\/1"/);
    expect((await cli(['diff', later.file, later.file, '--format', 'junit'])).code).to.equal(2);
  });
});
