/**
 * Nothing writes an output of a run outside the reporter seam (harness/run/reporter.ts and
 * reporters.ts): every row of the outputs table is made as a Reporter and nothing else is; the
 * functions that write an output are called only by their own module and the table; and a run's
 * session feeds its live outputs (the progress and the journal) the reporter events, in the order
 * reporter.ts documents, instead of calling them itself.
 */
import { expect } from 'chai';
import { Command } from 'commander';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register as registerMerge } from '../../harness/cli/commands/merge.ts';
import { register as registerRun } from '../../harness/cli/commands/run.ts';
import { readJournal } from '../../harness/run/journal.ts';
import { REPORTER_EVENTS, type Reporter } from '../../harness/run/reporter.ts';
import { formatHelp, MAKE, REPORTERS } from '../../harness/run/reporters.ts';
import { runReport } from '../../harness/run/run.ts';
import { openSession } from '../../harness/run/session.ts';

const HARNESS = fileURLToPath(new URL('../../harness/', import.meta.url));
const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []);

/** The functions that write (or print) an output, by the module that defines them. */
const WRITERS: Record<string, string[]> = {
  'run/journal.ts': ['openJournal', 'journalReporter'],
  'run/progress.ts': ['terminalProgress', 'lineProgress'],
  'report/write.ts': ['writeReport'],
  'report/text.ts': ['renderReportText'],
  'run/matrix.ts': ['matrixMarkdown'],
  'report/render/index.ts': ['renderWith'],
};
/** The table, which makes each row's reporter from them. */
const SEAM = 'run/reporters.ts';

describe('the reporter seam: no output outside it', function () {
  this.timeout(60000);

  it('makes every row of the outputs table as a Reporter, and nothing that is not a row', () => {
    expect(Object.keys(MAKE).sort()).to.deep.equal(REPORTERS.map((e) => e.name).sort());
    for (const e of REPORTERS) {
      const r = MAKE[e.name]({ progress: { start() {}, result() {}, end() {} }, text: () => ({}), readme: { note: '', take() {} } }) as Record<string, unknown>;
      const members = Object.keys(r);
      expect(members, `${e.name}: a reporter with no event`).to.not.be.empty;
      for (const m of members) {
        expect(REPORTER_EVENTS as readonly string[], `${e.name}.${m} is not a member of the Reporter interface`).to.include(m);
        expect(r[m], `${e.name}.${m}`).to.be.a('function');
      }
    }
  });

  it('calls the functions that write an output only from their own module and the table', () => {
    const offences: string[] = [];
    for (const file of sources(HARNESS)) {
      const rel = relative(HARNESS, file).split('\\').join('/');
      if (rel === SEAM) continue;
      // Comments and import lines name them without calling them.
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/^import[\s\S]*?;$/gm, '');
      for (const [home, names] of Object.entries(WRITERS)) {
        if (rel === home) continue;
        for (const name of names) if (new RegExp(`\\b${name}\\b`).test(code)) offences.push(`${rel} uses ${name} (${home})`);
      }
    }
    expect(offences).to.deep.equal([]);
  });

  it('builds --format\'s help of run and merge from the table', () => {
    for (const register of [registerRun, registerMerge]) {
      const program = new Command();
      register(program, () => {});
      const option = program.commands[0]!.options.find((o) => o.long === '--format')!;
      expect(option.description).to.equal(formatHelp());
    }
  });

  it('feeds a session\'s live reporters the run\'s events in order, the journal among them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pep567-seam-'));
    try {
      const seen: string[] = [];
      const recorder: Reporter = {
        start: (s) => seen.push(`start ${s.specs.join(',')} ${s.dir === dir}`),
        plan: (p) => seen.push(`plan ${p.scenarios.length}`),
        begin: (l, n) => seen.push(`begin ${l} ${n}`),
        result: () => seen.push('result'),
        recorded: (at) => seen.push(`recorded ${at.run} ${at.spec}`),
        done: (at, run) => seen.push(`done ${at.run} ${at.spec} ${run.results.length}`),
        release: () => seen.push('release'),
        end: (f) => { seen.push(f ? 'end finished' : 'end'); },
      };
      const specs = ['model', 'mutant:global-map'];
      const journal = REPORTERS.filter((e) => e.when === 'live').map((e) => MAKE[e.name]({}));
      const session = openSession(dir, specs, undefined, [recorder, ...journal]);
      const report = await runReport({ specs, level: 'semantic', select: { include: ['getset/default-*'] }, ...session.hooks }).finally(session.release);
      session.ready();
      session.end(report);
      const n = report.runs[0]!.results.length;
      expect(n).to.be.greaterThan(0);
      const pass = (i: number) => [`begin ${specs[i]} ${n}`, ...Array.from({ length: n }, () => ['result', `recorded ${i} ${specs[i]}`]).flat(), 'end', `done ${i} ${specs[i]} ${n}`];
      expect(seen).to.deep.equal([`start ${specs.join(',')} true`, `plan ${n}`, ...pass(0), ...pass(1), 'release', 'end finished']);
      const events = readJournal(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).map((e) => e.event);
      expect(events).to.deep.equal(['start', 'plan', ...Array(n).fill('result'), 'done', ...Array(n).fill('result'), 'done', 'end']);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
