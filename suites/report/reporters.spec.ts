/**
 * The reporter seam (harness/run/reporters.ts): one table of the run's outputs, from which --format's
 * help and parsing come, and a finished run in which each file is written by one output only.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FILE_NAMES, RENDER_FORMATS } from '../../harness/report/render/index.ts';
import { OUTPUT_NAMES } from '../../harness/run/output.ts';
import { fileReporters, finish, formatHelp, liveProgress, parseFormatList, progressReporter, REPORTERS, type Reporter } from '../../harness/run/reporters.ts';
import { runReport } from '../../harness/run/run.ts';

describe('the reporter seam', function () {
  this.timeout(60000);
  const dir = mkdtempSync(join(tmpdir(), 'pep567-reporters-'));
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it('lists every output once, with the files it writes, and every render format has an output', () => {
    const names = REPORTERS.map((e) => e.name);
    expect(new Set(names).size).to.equal(names.length);
    const files = REPORTERS.flatMap((e) => e.files);
    expect(new Set(files).size, 'one output per file').to.equal(files.length);
    for (const f of files) expect(OUTPUT_NAMES, f).to.include(f);
    for (const f of RENDER_FORMATS) expect(REPORTERS.find((e) => e.name === f)?.files, f).to.deep.equal([FILE_NAMES[f]]);
  });

  it('builds --format\'s help and parsing from the table', () => {
    const help = formatHelp();
    for (const e of REPORTERS) {
      if (e.when === 'format') expect(help).to.contain(e.name);
      if (e.when === 'always') for (const f of e.files) expect(help).to.contain(f);
    }
    expect(parseFormatList('html, md,json,junit,html')).to.deep.equal(['html', 'junit']);
    expect(() => parseFormatList('html,pdf')).to.throw(/pdf/);
  });

  it('writes each file once, matrix.md included when --format names md', async () => {
    const report = await runReport({ specs: ['model', 'mutant:task-shares-parent-context'], level: 'semantic', select: { include: ['tasks/**'] } });
    const written = finish(fileReporters(['md', 'html', 'junit', 'md']), report, dir, { print: () => {} }).flat();
    expect(written.filter((f) => f.endsWith('/matrix.md'))).to.have.length(1);
    expect(new Set(written).size, 'no file written twice').to.equal(written.length);
    for (const f of ['report.json', 'matrix.json', 'matrix.md', 'report.html', 'junit.xml']) expect(written).to.include(join(dir, f));
    expect(written.filter((f) => f.includes('/failures/'))).to.have.length(report.summary.failed);
    expect(readFileSync(join(dir, 'matrix.md'), 'utf8')).to.match(/^# PEP 567 conformance/);
  });

  it('feeds live reporters begin, result and end per implementation', () => {
    const seen: string[] = [];
    const r: Reporter = { begin: (l, n) => seen.push(`begin ${l} ${n}`), result: (x) => seen.push(`result ${x.id}`), end: (f) => { if (!f) seen.push('end'); } };
    const live = liveProgress([r, progressReporter(undefined)])!;
    live.start('model', 1); live.result({ id: 'a/b' } as never); live.end();
    expect(seen).to.deep.equal(['begin model 1', 'result a/b', 'end']);
    expect(liveProgress([progressReporter(undefined)])).to.equal(undefined);
  });
});
