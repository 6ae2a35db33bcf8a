/**
 * The rerun command a report prints keeps every option that chose the scenarios and the reference
 * (issue 21, item 6): a failure of a user's own scenario tree, judged against their own traces at
 * the strict level, is rerun by pasting the printed command, through the CLI's own entry (its parsing and run, in process).
 */
import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordCommand } from '../../harness/cli/commands/record.ts';
import { listReferences } from '../../harness/traces/traces.ts';
import { rerunCommand, shellWord } from '../../harness/report/render/rerun.ts';
import { ROOT } from '../support/cli.ts';
import { runInProcess } from '../support/in-process.ts';

const MUTANT = 'mutant:task-shares-parent-context';
/** A scenario the mutant fails, copied into the user's tree under an id the package's tree does not have. */
const SOURCE = 'fixtures/tasks/token-reset-same-task-across-awaits.json';
const ID = 'mine/reset-across-awaits';

/** The words of a printed command (plain words or single-quoted ones, as shellWord writes them). */
function words(command: string): string[] {
  return [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!));
}

describe('the rerun command', function () {
  this.timeout(180000);
  let root: string, fixtures: string, traces: string, reference: string;
  let printed: string[];

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'pep567-rerun-'));
    fixtures = join(root, 'my fixtures'); traces = join(root, 'traces');
    mkdirSync(join(fixtures, 'mine'), { recursive: true });
    copyFileSync(join(ROOT, SOURCE), join(fixtures, `${ID}.json`));
    const quiet = () => {};
    const code = await recordCommand({ python: ['python3'], discover: false, fixturesDir: fixtures, tracesDir: traces, out: quiet, err: quiet });
    expect(code, 'recording the user tree with python3').to.equal(0);
    reference = listReferences(traces)[0]!.dir;
    const r = await runInProcess(['run', '--impl', MUTANT, '--fixtures', fixtures, '--traces', traces, '--reference', reference, '--level', 'strict',
      '--report', join(root, 'report')]);
    expect(r.code, r.err).to.equal(1);
    printed = r.out.split('\n').filter((l) => l.startsWith('  rerun: ')).map((l) => l.slice('  rerun: '.length));
  });
  after(() => { rmSync(root, { recursive: true, force: true }); });

  it('names the scenario tree, the traces tree, the reference and the level the run used', () => {
    expect(printed).to.have.length(1);
    const w = words(printed[0]!);
    expect(w.slice(0, 3)).to.deep.equal(['npx', 'pep567', 'run']);
    const opt = (flag: string) => w[w.indexOf(flag) + 1];
    expect(opt('--impl')).to.equal(MUTANT);
    expect(opt('--fixtures')).to.equal(fixtures);
    expect(opt('--traces')).to.equal(traces);
    expect(opt('--reference')).to.equal(reference);
    expect(opt('--level')).to.equal('strict');
    expect(w.at(-1)).to.equal(ID);
    // A path with a space is one shell word.
    expect(printed[0]).to.contain(shellWord(fixtures)).and.contain(`'`);
  });

  it('reproduces the failure when run as printed', async () => {
    const r = await runInProcess(words(printed[0]!).slice(2));
    expect(r.code, r.err).to.equal(1);
    expect(r.out).to.contain(`FAIL ${ID} on `);
    expect(r.out.trimEnd().split('\n').at(-1)).to.equal('0 passed, 1 failed, 0 skipped');
  });

  it('is needed whole: without --fixtures the scenario is not found (what the command printed before)', async () => {
    const w = words(printed[0]!).slice(2);
    const i = w.indexOf('--fixtures');
    const r = await runInProcess([...w.slice(0, i), ...w.slice(i + 2)]);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain(ID);
  });

  it('is the same in every output: the report.json of the run gives the same command to the renderers', async () => {
    const report = JSON.parse(readFileSync(join(root, 'report', 'report.json'), 'utf8'));
    expect(report.selection.fixtures).to.equal(fixtures);
    expect(report.selection.traces).to.equal(traces);
    const junit = await runInProcess(['report', join(root, 'report', 'report.json'), '--format', 'junit', '--fixtures', fixtures]);
    expect(junit.code, junit.err).to.equal(0);
    const xml = readFileSync(join(root, 'report', 'junit.xml'), 'utf8');
    expect(xml).to.contain(`rerun: ${printed[0]!.replace(/&/g, '&amp;').replace(/'/g, '&apos;')}`);
  });

  it('keeps the process mode: --in-process and --isolation', () => {
    const t = { spec: 'node-als', level: 'semantic' };
    expect(rerunCommand({ ...t, execution: 'in-process' }, 'a/b')).to.equal('npx pep567 run --impl node-als --in-process a/b');
    expect(rerunCommand({ ...t, execution: 'scenario' }, 'a/b')).to.equal('npx pep567 run --impl node-als --isolation scenario a/b');
  });
});
