/**
 * The journal as a reporter (harness/run/journal.ts): it touches nothing before the run starts (a
 * refused run leaves the previous journal), and while the run goes it guards the process's exit:
 * an exit before the report is written is never green and names the journal; the guard goes when
 * the run settles, so a process that runs many runs keeps no listener per run.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalReporter, JOURNAL_FILE, readJournal } from '../../harness/run/journal.ts';
import type { Report } from '../../harness/report/report.ts';

describe('the journal reporter', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pep567-journal-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('leaves an earlier journal alone until the run starts', () => {
    writeFileSync(join(dir, JOURNAL_FILE), 'earlier\n');
    const j = journalReporter();
    j.release!();
    j.end!();
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8')).to.equal('earlier\n');
  });

  it('guards the exit while the run goes: not green, naming the journal; gone once the run settles', () => {
    const before = process.listeners('exit');
    const j = journalReporter();
    j.start!({ specs: ['model'], dir });
    const added = process.listeners('exit').filter((l) => !before.includes(l));
    expect(added).to.have.length(1);
    const code = process.exitCode;
    const write = process.stderr.write;
    let said = '';
    process.stderr.write = ((s: string) => { said += s; return true; }) as typeof process.stderr.write;
    try {
      process.exitCode = undefined;
      (added[0] as () => void)();
      expect(process.exitCode).to.equal(1);
    } finally { process.stderr.write = write; process.exitCode = code; }
    expect(said).to.equal(`pep567: the run ended before its report was written (did the implementation end the process?); the previous report in ${dir} is kept, the results that finished are in ${join(dir, JOURNAL_FILE)}\n`);
    j.release!();
    expect(process.listeners('exit').filter((l) => !before.includes(l))).to.deep.equal([]);
    j.end!({ report: { interrupted: { signal: 'SIGINT' } } as Report, dir, env: {}, print: () => {}, view: () => { throw new Error('not needed'); } });
    expect(readJournal(readFileSync(join(dir, JOURNAL_FILE), 'utf8'))).to.deep.include({ event: 'end', report: join(dir, 'report.json'), interrupted: 'SIGINT' });
    expect(process.listeners('exit').filter((l) => !before.includes(l))).to.deep.equal([]);
  });
});
