/**
 * Runners that misbehave (issue 20), through the real CLI: one that states version "dev", one gone
 * right after each answer, one whose answers are too large, and a report folder on a full disk.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportErrors } from '../../harness/report/schema/validate.ts';
import { runCli } from '../support/cli.ts';
import { PROBES, readReport } from './support/probes.ts';

describe('a runner that states version "dev" (issue 20)', function () {
  this.timeout(120000);

  it('gives each scenario with a Python range an ERROR saying so, not exit 3', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pep567-hostile-dev-'));
    try {
      const r = runCli(['run', '--impl', `runner:python3 ${join(PROBES, 'dev-runner.py')}`, '--include', 'eager/*', '--include', 'getset/*', '--report', dir]);
      expect(r.code, r.err).to.equal(1);
      const run = readReport(dir).runs[0]!;
      // The eager scenarios need Python 3.12 or later; the getset ones name no range and reach the runner, which refuses them.
      const ranged = run.results.filter((x) => x.id.startsWith('eager/'));
      expect(ranged.length).to.be.greaterThan(0);
      for (const x of ranged) {
        expect(x.status).to.equal('ERROR');
        expect(x.error).to.match(/states version "dev" in its handshake, which is not a Python version/);
      }
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('a runner gone right after its answer is not charged to the next scenario (issue 20)', function () {
  this.timeout(180000);
  for (const mode of ['exit', 'close-stdin']) {
    it(`${mode} after every answer: every scenario PASS, as the same recorder kept alive`, () => {
      const dir = mkdtempSync(join(tmpdir(), `pep567-hostile-${mode}-`));
      try {
        const r = runCli(['run', '--impl', `runner:python3 ${join(PROBES, 'one-answer-runner.py')} ${mode}`, '--include', 'getset/*', '--timeout', '3000', '--report', dir]);
        expect(r.code, r.err).to.equal(0);
        const results = readReport(dir).runs[0]!.results;
        expect(results).to.have.length(12);
        for (const x of results) expect(x.status, `${x.id}: ${x.error}`).to.equal('PASS');
      } finally { rmSync(dir, { recursive: true, force: true }); }
    });
  }
});

describe('large answers and a full disk (issue 20)', function () {
  this.timeout(180000);

  it('a runner answering 15 MB per scenario: each scenario OVERSIZED, the report written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pep567-hostile-large-'));
    try {
      const r = runCli(['run', '--impl', `runner:python3 ${join(PROBES, 'large-runner.py')}`, '--include', 'getset/*', '--report', dir], { timeout: 170000 });
      expect(r.code, r.err).to.equal(1);
      const report = readReport(dir);
      expect(reportErrors(report)).to.deep.equal([]);
      const judged = report.runs[0]!.results.filter((x) => x.status !== 'UNSUPPORTED');
      expect(judged.length).to.be.greaterThan(3);
      for (const x of judged) {
        expect(x.status, x.id).to.equal('OVERSIZED');
        expect(x.error).to.match(/came to more than 4 MiB of JSON, the most one scenario may record/);
        expect(x.partial, x.id).to.equal(undefined);
      }
      expect(readFileSync(join(dir, 'journal.jsonl')).length).to.be.lessThan(1 << 20);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('a full disk (a small tmpfs): exit 2 with one line, the previous report.json kept', function () {
    const mnt = mkdtempSync(join(tmpdir(), 'pep567-hostile-tmpfs-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mnt]).status === 0;
    if (!mounted) { rmSync(mnt, { recursive: true, force: true }); this.skip(); }
    try {
      const dir = join(mnt, 'report');
      expect(runCli(['run', '--include', 'getset/*', '--report', dir]).code).to.equal(0);
      const before = readFileSync(join(dir, 'report.json'), 'utf8');
      // Fill what is left, then run the whole corpus into it.
      spawnSync('sh', ['-c', `dd if=/dev/zero of=${join(mnt, 'filler')} bs=4k 2>/dev/null; true`]);
      const r = runCli(['run', '--report', dir]);
      expect(r.code, r.err).to.equal(2);
      expect(r.err).not.to.match(/internal error|\n\s+at /);
      expect(r.err.trim().split('\n').at(-1)).to.match(/^pep567: no space left to write .* \(ENOSPC\)$/);
      expect(readFileSync(join(dir, 'report.json'), 'utf8')).to.equal(before);
    } finally {
      spawnSync('umount', [mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
  });
});
