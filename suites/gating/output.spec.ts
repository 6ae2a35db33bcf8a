/**
 * The report folder: checked before anything runs, holding only the last run's outputs, every file
 * replaced whole (temporary file + rename).
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport } from '../../harness/report/render/index.ts';
import { writeFileAtomic, writeReport } from '../../harness/report/write.ts';
import { pep567InProcess, runInProcess } from '../support/in-process.ts';

const MUTANT = 'mutant:reset-skips-used-check';
const INCLUDE = 'tokens/*';

/** Makes dir unwritable for this process: mode bits, and for root (whom they do not stop) the immutable flag. Returns the undo, or undefined when neither works here. */
function lock(dir: string): (() => void) | undefined {
  chmodSync(dir, 0o555);
  const writable = () => { try { writeFileSync(join(dir, 'probe'), ''); execFileSync('rm', ['-f', join(dir, 'probe')]); return true; } catch { return false; } };
  if (!writable()) return () => chmodSync(dir, 0o755);
  try { execFileSync('chattr', ['+i', dir], { stdio: 'ignore' }); } catch { chmodSync(dir, 0o755); return undefined; }
  if (!writable()) return () => { execFileSync('chattr', ['-i', dir]); chmodSync(dir, 0o755); };
  execFileSync('chattr', ['-i', dir]);
  chmodSync(dir, 0o755);
  return undefined;
}

describe('the report folder', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'pep567-output-'));

  it('a rerun into a used folder leaves none of the earlier run\'s outputs beside the new ones (and nothing of the user\'s is touched)', async () => {
    const out = join(dir, 'used');
    const first = await runInProcess(['run', '--impl', MUTANT, '--include', INCLUDE, '--report', out, '--format', 'html,junit,github'], { env: { GITHUB_STEP_SUMMARY: '' } });
    expect(first.code).to.equal(1);
    const before = readdirSync(out).sort();
    for (const f of ['report.html', 'junit.xml', 'github-annotations.txt', 'failures', 'report.json', 'journal.jsonl']) expect(before).to.include(f);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const second = await pep567InProcess('run', '--impl', 'model', '--include', INCLUDE, '--report', out);
    expect(second.code, second.out + second.err).to.equal(0);
    expect(readdirSync(out).sort()).to.deep.equal(['journal.jsonl', 'matrix.json', 'matrix.md', 'notes.txt', 'report.json']);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).summary.failed).to.equal(0);
  });

  it('a report folder that is a file: exit 2 with one line, before any scenario runs', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const r = await pep567InProcess('run', '--impl', 'model', '--report', file);
    expect(r.code).to.equal(2);
    expect(r.err.split('\n')[0]).to.equal(`pep567: --report ${file}: is a file, not a folder`);
    expect(r.out).to.equal('');
    expect(readFileSync(file, 'utf8')).to.equal('not a folder');
  });

  it('a report folder that cannot be created: exit 2 with one line', async () => {
    const r = await pep567InProcess('run', '--impl', 'model', '--report', join(dir, 'a-file', 'below'));
    expect(r.code).to.equal(2);
    expect(r.err.split('\n')[0]).to.match(/^pep567: --report .*below: cannot create the folder \(\w+\)$/);
  });

  it('a read-only report folder: exit 2 with one line, before any scenario runs', async function () {
    const ro = join(dir, 'read-only');
    mkdirSync(ro);
    writeFileSync(join(ro, 'report.json'), '{"old": true}');
    const undo = lock(ro);
    if (!undo) this.skip(); // neither mode bits nor chattr can make a folder read-only for this user here
    try {
      const r = await pep567InProcess('run', '--impl', 'model', '--report', ro);
      expect(r.code).to.equal(2);
      expect(r.err.split('\n')[0]).to.match(/^pep567: --report .*read-only: cannot write into the folder \(\w+\)$/);
      expect(r.out).to.equal('');
    } finally { undo!(); }
    expect(readdirSync(ro)).to.deep.equal(['report.json']);
  });

  it('writes each file whole: a new file renamed over the old one, no temporary left, the old one kept when the write fails', () => {
    const d = join(dir, 'atomic');
    const file = writeReport({ format: 'x' } as never, d);
    const ino = statSync(file).ino;
    writeReport({ format: 'y' } as never, d);
    expect(statSync(file).ino, 'replaced by rename, not rewritten in place').to.not.equal(ino);
    expect(readdirSync(d)).to.deep.equal(['report.json']);
    mkdirSync(join(d, 'taken'));
    expect(() => writeFileAtomic(join(d, 'taken'), 'text')).to.throw();
    expect(readdirSync(d).sort()).to.deep.equal(['report.json', 'taken']);
  });

  it('renders (html, junit) by rename too', async () => {
    const out = join(dir, 'render');
    expect((await pep567InProcess('run', '--impl', 'model', '--include', INCLUDE, '--report', out)).code).to.equal(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const first = renderReport(report, ['html', 'junit'], out);
    const inos = [first.files.html!, first.files.junit!].map((f) => statSync(f).ino);
    const again = renderReport(report, ['html', 'junit'], out);
    // Each compared with its own predecessor, which still existed when its replacement was created.
    [again.files.html!, again.files.junit!].forEach((f, i) => expect(statSync(f).ino, f).to.not.equal(inos[i]));
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
  });
});
