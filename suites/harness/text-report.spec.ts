import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAILING, type Report } from '../../harness/report/report.ts';
import { DIVERGENCE_LINES, MIN_JUDGED, terminalSafe } from '../../harness/report/text.ts';
import { cli } from '../report/support/reports.ts';

/** Splits a rerun line into the CLI's arguments (the commands here use no quoting). */
const argsOf = (command: string) => command.replace(/^npx pep567 /, '').split(' ');

describe('terminal output', function () {
  this.timeout(120000);
  const dirs: string[] = [];
  const fresh = () => { const d = mkdtempSync(join(tmpdir(), 'pep567-text-')); dirs.push(d); return d; };
  after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('escapes control characters and terminal escape sequences from implementations, keeping newlines', () => {
    const hostile = 'red \u001b[31mALERT\u001b[0m bell\u0007 cr\r nul\u0000 c1\u009b x\nnext line';
    const out = terminalSafe(hostile);
    expect(out).to.not.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(out).to.contain('\\u001b[31mALERT').and.contain('\\u0007').and.contain('\\u000d').and.contain('\\u009b');
    expect(out.split('\n')).to.have.length(2);
  });

  describe('a run of several implementations', () => {
    let out: string[];
    let report: Report;
    let dir: string;

    before(async () => {
      dir = fresh();
      const r = await cli(['run', '--impl', 'model', '--impl', 'node-als', '--impl', 'asynccontext', '--impl', 'mutant:global-map', '--report', dir]);
      expect(r.code).to.equal(1);
      out = r.out.trimEnd().split('\n');
      report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    });

    /** The implementation lines of `lines` agree with `rep`: counts, and a pass rate only where MIN_JUDGED or more were judged. */
    function checkRunLines(lines: string[], rep: Report): number[] {
      const header = lines.findIndex((l) => /^implementation\s+reference\s+passed\s+failed\s+unsupported\s+differ\s+skipped\s+pass rate\s+--impl$/.test(l));
      expect(header).to.be.greaterThan(-1);
      return rep.runs.map((run, i) => {
        const cells = lines[header + 1 + i]!.split(/\s{2,}/);
        const n = (s: string) => run.results.filter((r) => r.status === s).length;
        const failed = run.results.filter((r) => FAILING.includes(r.status)).length;
        expect(cells.slice(2, 7), run.implementation.spec).to.deep.equal([n('PASS'), failed, n('UNSUPPORTED'), n('SEMANTICS_DIFFER'), n('SKIPPED')].map(String));
        expect(cells.at(-1)).to.equal(run.implementation.spec);
        const judged = n('PASS') + failed;
        expect(cells[7]).to.equal(judged >= MIN_JUDGED ? `${((100 * n('PASS')) / judged).toFixed(1)}%` : judged ? `– (${judged} judged)` : '–');
        return judged;
      });
    }
    const footnote = `(a pass rate is shown where at least ${MIN_JUDGED} scenarios were judged; UNSUPPORTED, SEMANTICS_DIFFER and SKIPPED are not judged)`;

    it('prints one line per implementation with its counts, and a pass rate only where 10 or more were judged', async () => {
      const judged = checkRunLines(out, report);
      expect(judged.filter((j) => j >= MIN_JUDGED)).to.have.length.greaterThan(1);
      expect(out.includes(footnote)).to.equal(judged.some((j) => j > 0 && j < MIN_JUDGED));
      // Fewer than MIN_JUDGED judged: a few scenarios asynccontext judged above, run again on their own.
      const few = report.runs.find((r) => r.implementation.spec === 'asynccontext')!.results
        .filter((x) => x.status === 'PASS' || FAILING.includes(x.status)).slice(0, 3).map((x) => x.id);
      expect(few).to.have.length(3);
      const again = fresh();
      const r = await cli(['run', '--impl', 'model', '--impl', 'asynccontext', ...few, '--report', again]);
      const lines = r.out.trimEnd().split('\n');
      const small = checkRunLines(lines, JSON.parse(readFileSync(join(again, 'report.json'), 'utf8')));
      // No "100%" or "0%" for three scenarios, and the line saying why.
      expect(small).to.deep.equal([3, 3]);
      expect(lines).to.include(footnote);
    });

    it('keeps the divergences within a screenful, one line per group (scenario and first divergence) naming its implementations, then the full list', () => {
      const start = out.findIndex((l) => l.startsWith('Divergences: '));
      const failing = report.runs.flatMap((run) => run.results.filter((x) => FAILING.includes(x.status)).map((x) => ({ run, x })));
      // A group: the same scenario, status and first divergence (the terminal prints it as one line).
      const key = (x: (typeof failing)[number]['x']) => JSON.stringify([x.id, x.status, x.divergence ? [x.divergence.reason, x.divergence.task, x.divergence.seq, x.divergence.step, x.divergence.expected, x.divergence.actual] : x.error?.split('\n')[0]]);
      const groups = new Map<string, number>();
      for (const f of failing) groups.set(key(f.x), (groups.get(key(f.x)) ?? 0) + 1);
      const fit = Math.floor(DIVERGENCE_LINES / 3);
      expect(out[start]).to.equal(`Divergences: ${failing.length} in ${groups.size} groups (one scenario, one first divergence); the first ${fit} below, every one in ${join(dir, 'matrix.md')}`);
      const end = out.findIndex((l, i) => i > start && l.startsWith('… '));
      // Between the header and the "… more" line: a blank line, the groups, a blank line.
      expect(end - start - 3).to.be.at.most(DIVERGENCE_LINES);
      const shown = out.slice(start, end).filter((l) => /^(FAIL|ERROR|TIMEOUT|CRASH|PROTOCOL_ERROR) /.test(l));
      expect(shown).to.have.length(fit);
      // Largest groups first, each naming its implementations: here some group is shared (node-als and the
      // global-map mutant share many), so the first line names as many implementations as the largest group has.
      const largest = Math.max(...groups.values());
      expect(largest).to.be.greaterThan(1);
      const named = /^\S+ \S+ on (.+?): /.exec(shown[0]!)![1]!;
      const labels = report.runs.map((run) => `${run.implementation.name} ${run.implementation.version}`);
      expect(labels.filter((l) => named.split(', ').includes(l))).to.have.length(largest);
      expect(out[end]).to.equal(`… ${groups.size - fit} more in ${join(dir, 'matrix.md')}`);
      const md = readFileSync(join(dir, 'matrix.md'), 'utf8');
      expect(md.split('\n').filter((l) => /^- \*\*(FAIL|ERROR|TIMEOUT|CRASH|PROTOCOL_ERROR)\*\*/.test(l))).to.have.length(failing.length);
    });

    it('ends with the summary line: passed, failed and its failing statuses, skipped and its kinds, each adding up', () => {
      const m = /^(\d+) passed, (\d+) failed(?: \(([^)]*)\))?, (\d+) skipped \((\d+) unsupported, (\d+) differ, (\d+) not in reference\)$/.exec(out.at(-1)!);
      expect(m, out.at(-1)).to.not.equal(null);
      const [passed, failed, skipped, unsupported, differ, range] = [m![1], m![2], m![4], m![5], m![6], m![7]].map(Number);
      expect({ passed, failed, skipped }).to.deep.equal(report.summary);
      // The failing statuses named add up to failed, each as report.json counts it (none named: all are FAIL).
      const parts = (m![3] ?? `${failed} FAIL`).split(', ').map((p) => p.split(' ') as [string, string]);
      for (const [n, s] of parts) expect(Number(n), s).to.equal(report.counts[s as keyof typeof report.counts]);
      expect(parts.reduce((k, [n]) => k + Number(n), 0)).to.equal(failed);
      expect([unsupported, differ, range]).to.deep.equal([report.counts.UNSUPPORTED, report.counts.SEMANTICS_DIFFER, report.counts.SKIPPED]);
      expect(unsupported! + differ! + range!).to.equal(skipped);
    });

    it('gives each failure a command that reruns exactly it, and that command reproduces it', async () => {
      const reruns = out.filter((l) => l.startsWith('  rerun: ')).map((l) => l.slice('  rerun: '.length));
      expect(reruns.length).to.equal(Math.floor(DIVERGENCE_LINES / 3));
      for (const command of [reruns[0]!, reruns[1]!]) {
        const [, spec, id] = /^npx pep567 run --impl (\S+) (\S+)$/.exec(command)!;
        const again = fresh();
        const r = await cli([...argsOf(command), '--report', again]);
        expect(r.code, command).to.equal(1);
        const rerun: Report = JSON.parse(readFileSync(join(again, 'report.json'), 'utf8'));
        const before = report.runs.find((x) => x.implementation.spec === spec)!.results.find((x) => x.id === id)!;
        expect(rerun.runs.map((x) => x.implementation.spec)).to.deep.equal([spec]);
        expect(rerun.runs[0]!.results.map((x) => [x.id, x.status, x.divergence])).to.deep.equal([[id, before.status, before.divergence]]);
      }
    });
  });

  describe('scenarios named on the command line', () => {
    it('takes ids, folders and fixture paths as positional arguments', async () => {
      const dir = fresh();
      const r = await cli(['run', 'getset/get-lookup-order', 'wait-for', 'fixtures/tokens/reset-missing-removes.json', './fixtures/generators/', '--report', dir]);
      expect(r.code, r.err).to.equal(0);
      const rep: Report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      const ids = rep.runs[0]!.results.map((x) => x.id);
      expect(ids).to.include.members(['getset/get-lookup-order', 'tokens/reset-missing-removes']);
      expect(ids.filter((id) => id.startsWith('wait-for/')).length).to.be.greaterThan(0);
      expect(ids.filter((id) => id.startsWith('generators/')).length).to.be.greaterThan(1);
      expect(ids.every((id) => id === 'getset/get-lookup-order' || id === 'tokens/reset-missing-removes' || /^(wait-for|generators)\//.test(id))).to.equal(true);
    });

    it('exits 2 with the argument named when it names no scenario', async () => {
      for (const arg of ['tokens/no-such', 'harness/cli', '/nowhere/x.json']) {
        const r = await cli(['run', arg, '--report', fresh()]);
        expect(r.code, arg).to.equal(2);
        expect(r.err.split('\n')[0]).to.match(new RegExp(`^pep567: ${arg.replace(/[/.]/g, '\\$&')}: `));
      }
    });

    it('--last-failed reruns exactly the failures of the previous report, on its implementations', async () => {
      const dir = fresh();
      const first = await cli(['run', '--impl', 'mutant:global-map', '--impl', 'model', 'tokens', 'tasks', '--report', dir]);
      expect(first.code).to.equal(1);
      const before: Report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      const failed = before.runs[0]!.results.filter((x) => FAILING.includes(x.status)).map((x) => x.id);
      expect(failed.length).to.be.greaterThan(1);
      const again = await cli(['run', '--last-failed', '--report', dir]);
      expect(again.code).to.equal(1);
      const after: Report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      expect(after.runs.map((x) => x.implementation.spec)).to.deep.equal(['mutant:global-map']);
      expect(after.runs[0]!.results.map((x) => x.id)).to.deep.equal(failed);
      // The model passes them: with --impl it is the implementation, and nothing is left to rerun after.
      const fixed = await cli(['run', '--last-failed', '--impl', 'model', '--report', dir]);
      expect(fixed.code).to.equal(0);
      const none = await cli(['run', '--last-failed', '--report', dir]);
      expect(none.code).to.equal(0);
      expect(none.out).to.match(/has no failure; nothing to rerun/);
    });
  });
});
