/**
 * The report renderers on real reports: the view model's matrix and rates, Markdown, JUnit XML
 * (parsed by Python's XML parser), GitHub annotations (parsed as the runner parses workflow
 * commands) and the `pep567 report` command. Every format on a hostile report: render-hostile.spec.ts.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANNOTATIONS_PER_IMPLEMENTATION, lineOfStep } from '../../harness/report/render/github.ts';
import { parseFormats, renderReport } from '../../harness/report/render/index.ts';
import { atPointer, buildView, failures, fixturesLookup, verdict, type ReportView } from '../../harness/report/render/view.ts';
import { mdInline } from '../../harness/report/render/escape.ts';
import { cli, MIXED, runReport, type MadeReport } from './support/reports.ts';
import { parseCommand, parseJunit, splitFences } from './support/parse.ts';

describe('report renderers', function () {
  this.timeout(60000);
  let mixed: MadeReport;
  let view: ReportView;
  let out: string;

  before(async () => {
    mixed = await runReport([...MIXED, '--include', 'tokens/**', '--include', 'tasks/**']);
    view = buildView(mixed.report);
    out = mkdtempSync(join(tmpdir(), 'pep567-rendered-'));
  });
  after(() => { for (const dir of [mixed?.dir, out]) if (dir) rmSync(dir, { recursive: true, force: true }); });

  describe('view model', () => {
    it('has one column per implementation and one row per scenario, each cell the run\'s status', () => {
      const runs = mixed.report.runs as any[];
      expect(view.impls.map((i) => i.spec)).to.deep.equal(runs.map((r) => r.implementation.spec));
      expect(view.scenarios.map((s) => s.id)).to.deep.equal(runs[0].results.map((r: any) => r.id));
      runs.forEach((run, i) => run.results.forEach((r: any, k: number) => expect(view.cells[k]![i]!.status).to.equal(r.status)));
      runs.forEach((run, i) => expect(view.counts[i]!.FAIL).to.equal(run.counts.FAIL));
    });

    it('computes pass rates over judged cells, per area and per feature', () => {
      const model = view.rates[0]!;
      expect(model.total.pass).to.equal(model.total.judged);
      const leaky = view.impls.findIndex((i) => i.name === 'test-als');
      const r = view.rates[leaky]!.total;
      expect(r.total).to.equal(view.scenarios.length);
      expect(r.judged).to.equal(r.total - view.counts[leaky]!.UNSUPPORTED - view.counts[leaky]!.SKIPPED - view.counts[leaky]!.SEMANTICS_DIFFER);
      expect(r.pass).to.be.lessThan(r.judged);
      expect(Object.keys(view.rates[leaky]!.byArea)).to.deep.equal(['tasks', 'tokens']);
      const tasksFeature = view.rates[leaky]!.byFeature['tasks']!;
      expect(tasksFeature.total).to.equal(view.scenarios.filter((s) => s.features.includes('tasks')).length);
    });

    it('gives each failing cell its divergence, the whole traces side by side and the fixture step', () => {
      const bad = failures(view).filter((f) => f.cell.status === 'FAIL');
      expect(bad.length).to.be.greaterThan(3);
      const lookup = fixturesLookup();
      for (const { scenario, cell } of bad) {
        const d = cell.divergence!;
        expect(d.whole).to.equal(true);
        expect(d.rows.filter((r) => r.divergent)).to.have.length(1);
        const op = atPointer(lookup(scenario.id), d.step) as { op: string };
        expect(JSON.parse(d.stepSource!).op).to.equal(op.op);
        const row = d.rows.find((r) => r.divergent)!;
        expect(row.expected ?? row.actual).to.deep.equal(d.expected ?? d.actual);
      }
    });

    it('reads a pep567-report/1 report (one implementation) too', () => {
      const run = mixed.report.runs[1];
      const v1 = { format: 'pep567-report/1', createdAt: mixed.report.createdAt, implementation: run.implementation, reference: run.reference, level: run.level,
        results: run.results.map(({ features: _f, traces: _t, ...r }: any) => r) };
      const v = buildView(v1);
      expect(v.impls).to.have.length(1);
      expect(v.counts[0]).to.deep.equal(view.counts[1]);
      expect(v.scenarios.map((s) => s.features)).to.deep.equal(view.scenarios.map((s) => s.features));
      const d = failures(v)[0]!.cell.divergence!;
      expect(d.whole).to.equal(false);
      expect(d.rows.length).to.be.greaterThan(0);
    });

    it('refuses what is not a report it knows', () => {
      expect(() => buildView({})).to.throw(/not a report/);
      expect(() => buildView({ format: 'pep567-report/9' })).to.throw(/unsupported report format/);
    });
  });

  describe('formats', () => {
    it('parses format lists and refuses unknown ones', () => {
      expect(parseFormats('html, md,junit,html')).to.deep.equal(['html', 'md', 'junit']);
      expect(() => parseFormats('html,pdf')).to.throw(/pdf/);
      expect(() => parseFormats('')).to.throw();
    });

    it('writes Markdown with a row per implementation and area and each failure\'s divergence', () => {
      const { files } = renderReport(mixed.report, ['md'], out);
      const md = readFileSync(files.md!, 'utf8');
      for (const i of view.impls) expect(md).to.include(`\n| ${mdInline(i.label)} | ${i.reference} |`);
      expect(md).to.match(/^\| tasks \|/m);
      expect(md).to.include(`## Failures (${failures(view).length})`);
      expect(md).to.include('expected (CPython): ');
    });

    it('writes JUnit XML with a testcase per scenario per implementation, failures, errors and skips', () => {
      const { files } = renderReport(mixed.report, ['junit'], out);
      const x = parseJunit(files.junit!);
      expect(x.suites).to.have.length(view.impls.length);
      x.suites.forEach((s, i) => {
        expect(s.cases).to.have.length(view.scenarios.length);
        expect(s.failures).to.equal(view.counts[i]!.FAIL);
        expect(s.skipped).to.equal(view.counts[i]!.UNSUPPORTED + view.counts[i]!.SKIPPED + view.counts[i]!.SEMANTICS_DIFFER);
        expect(s.cases.filter((c) => c.outcome === 'failure')).to.have.length(s.failures);
        expect(s.cases.map((c) => c.name)).to.deep.equal(view.scenarios.map((sc) => sc.id));
      });
      const fail = x.suites.flatMap((s) => s.cases).find((c) => c.outcome === 'failure')!;
      expect(fail.text).to.match(/expected \(CPython\): /);
      // classname is implementation.area, the implementation part without the version's dots.
      x.suites.forEach((s, i) => {
        const impl = view.impls[i]!;
        for (const c of s.cases) {
          const [who, area, ...rest] = c.classname.split('.');
          expect(rest, c.classname).to.deep.equal([]);
          expect(area).to.equal(c.name.split('/')[0]);
          expect(who).to.include(impl.name.replace(/\./g, '_'));
        }
      });
      expect(x.suites.flatMap((s) => s.cases).some((c) => /\d_\d/.test(c.classname))).to.equal(true);
    });

    it('prints at most 10 ::error per implementation, at the fixture and line of the divergent step, with the rerun command, then one summary; appends the step summary', () => {
      const summary = join(out, 'summary.md');
      writeFileSync(summary, 'before\n');
      const printed: string[] = [];
      const r = renderReport(mixed.report, ['github'], out, { env: { GITHUB_STEP_SUMMARY: summary }, out: (s) => printed.push(s) });
      const commands = printed.join('').trimEnd().split('\n').map(parseCommand);
      const bad = failures(view);
      const expected = view.impls.flatMap((i) => bad.filter((b) => b.impl.index === i.index).slice(0, ANNOTATIONS_PER_IMPLEMENTATION));
      // The mixed report has an implementation failing more than 10: the limit is what is tested.
      expect(bad.length).to.be.greaterThan(expected.length);
      expect(commands.slice(0, -1)).to.have.length(expected.length);
      commands.slice(0, -1).forEach((c, i) => {
        expect(c.command).to.equal('error');
        expect(c.props.file).to.equal(`fixtures/${expected[i]!.scenario.id}.json`);
        expect(c.message.split('\n').at(-1)).to.equal(`rerun: npx pep567 run --impl ${expected[i]!.impl.spec} ${expected[i]!.scenario.id}`);
        const d = expected[i]!.cell.divergence;
        if (d) {
          const text = readFileSync(c.props.file!, 'utf8');
          const at = text.split('\n')[Number(c.props.line) - 1]!;
          expect(at).to.include(`"op": "${(atPointer(JSON.parse(text), d.step) as { op: string }).op}"`);
        }
      });
      const last = commands.at(-1)!;
      expect(last.command).to.equal('notice');
      expect(last.message).to.match(new RegExp(`^\\d+ passed, ${bad.length} failed, \\d+ skipped over ${view.impls.length} implementation\\(s\\); not annotated: \\d+ more on `));
      expect(readFileSync(r.files.github!, 'utf8')).to.equal(printed.join(''));
      expect(r.stepSummary).to.equal(summary);
      const s = readFileSync(summary, 'utf8');
      expect(s.startsWith('before\n# PEP 567 conformance')).to.equal(true);
    });

    it('names fixtures relative to the repository running the suite: GITHUB_WORKSPACE, else the working folder; outside it, no file', () => {
      // A consumer's checkout: the package's fixtures under node_modules of the workspace.
      const workspace = mkdtempSync(join(tmpdir(), 'pep567-consumer-'));
      const fixtures = join(workspace, 'node_modules', 'pep567-conformance', 'fixtures');
      execFileSync('mkdir', ['-p', join(workspace, 'node_modules', 'pep567-conformance')]);
      execFileSync('cp', ['-r', 'fixtures', fixtures]);
      try {
        const printed: string[] = [];
        renderReport(mixed.report, ['github'], join(out, 'consumer'), { fixturesDir: fixtures, env: { GITHUB_WORKSPACE: workspace }, out: (s) => printed.push(s) });
        const errors = printed.join('').trimEnd().split('\n').map(parseCommand).filter((c) => c.command === 'error');
        expect(errors.length).to.be.greaterThan(0);
        for (const c of errors) {
          expect(c.props.file).to.match(/^node_modules\/pep567-conformance\/fixtures\/[a-z-]+\/[a-z0-9-]+\.json$/);
          expect(existsSync(join(workspace, c.props.file!))).to.equal(true);
          expect(Number(c.props.line)).to.be.greaterThan(0);
        }
        const elsewhere: string[] = [];
        renderReport(mixed.report, ['github'], join(out, 'elsewhere'), { fixturesDir: fixtures, env: { GITHUB_WORKSPACE: join(workspace, 'src') }, out: (s) => elsewhere.push(s) });
        const outside = elsewhere.join('').trimEnd().split('\n').map(parseCommand).filter((c) => c.command === 'error');
        expect(outside.length).to.equal(errors.length);
        for (const c of outside) expect(c.props).to.not.have.property('file');
      } finally {
        rmSync(workspace, { recursive: true, force: true });
      }
    });

    it('prints annotations from `pep567 run` inside Actions only, or when --format github asks', async () => {
      const args = ['run', '--impl', 'mutant:global-map', 'tokens/reset-missing-removes', 'getset'];
      const local = await cli([...args, '--report', join(out, 'local')], { GITHUB_ACTIONS: undefined });
      expect(local.out).to.not.match(/^::/m);
      const asked = await cli([...args, '--report', join(out, 'asked'), '--format', 'github'], { GITHUB_ACTIONS: undefined });
      expect(asked.out).to.match(/^::error file=fixtures\/[a-z-]+\/[a-z0-9-]+\.json,line=\d+,/m);
      const actions = await cli([...args, '--report', join(out, 'actions')], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: undefined });
      expect(actions.out).to.match(/^::error file=fixtures\/[a-z-]+\/[a-z0-9-]+\.json,line=\d+,/m);
      expect(actions.out).to.match(/^::notice title=PEP 567 conformance::/m);
      // The closing summary line stays last.
      expect(actions.out.trimEnd().split('\n').at(-1)).to.match(/^\d+ passed, \d+ failed, \d+ skipped/);
    });

    it('finds the line of a step in a fixture', () => {
      const text = readFileSync('fixtures/tutorial/three-roots-own-id.json', 'utf8');
      const line = lineOfStep(text, '/program/2/body/3/body/2/body/1')!;
      expect(text.split('\n')[line - 1]).to.match(/"op": "get"/);
      expect(text.split('\n')[line - 2]).to.match(/"op": "sleep"/);
      expect(lineOfStep(text, '/program/99')).to.equal(undefined);
    });
  });

  describe('pep567 report', () => {
    it('renders the formats asked for next to the report, or into --out', async () => {
      const r = await cli(['report', mixed.file, '--format', 'html,md']);
      expect(r.code).to.equal(0);
      expect(existsSync(join(mixed.dir, 'report.html'))).to.equal(true);
      expect(existsSync(join(mixed.dir, 'matrix.md'))).to.equal(true);
      const dir = join(out, 'cli');
      const r2 = await cli(['report', mixed.file, '--format', 'junit', '--out', dir]);
      expect(r2.code).to.equal(0);
      expect(existsSync(join(dir, 'junit.xml'))).to.equal(true);
    });

    it('exits 2 on misuse: unknown format, missing file, not JSON, not a report', async () => {
      expect((await cli(['report', mixed.file, '--format', 'pdf'])).code).to.equal(2);
      expect((await cli(['report', join(out, 'nope.json')])).code).to.equal(2);
      const bad = join(out, 'bad.json');
      writeFileSync(bad, '{ not json');
      expect((await cli(['report', bad])).code).to.equal(2);
      writeFileSync(bad, '{"format": "something-else"}');
      const r = await cli(['report', bad]);
      expect(r.code).to.equal(2);
      expect(r.err).to.match(/unsupported report format/);
    });
  });

  describe('statuses apart from failures', () => {
    it('SEMANTICS_DIFFER: skipped in JUnit with the implementation\'s reason, left out of pass rates, no annotation', async function () {
      const probe = await cli(['list', '--json']);
      if (!JSON.parse(probe.out).implementations.some((i: { name: string }) => i.name.includes('asynccontext'))) this.skip(); // no adapter with SEMANTICS_DIFFER here
      const made = await runReport(['--impl', 'asynccontext', '--include', 'tasks/**']);
      try {
        const v = buildView(made.report);
        const differ = v.cells.map((row) => row[0]!).filter((c) => c.status === 'SEMANTICS_DIFFER');
        expect(differ.length).to.be.greaterThan(0);
        expect(v.rates[0]!.total.judged).to.equal(v.scenarios.length - differ.length - v.counts[0]!.UNSUPPORTED - v.counts[0]!.SKIPPED);
        const reason = made.report.runs[0].results.find((r: any) => r.status === 'SEMANTICS_DIFFER').reason as string;
        expect(reason.length).to.be.greaterThan(0);
        const printed: string[] = [];
        const { files } = renderReport(made.report, ['junit', 'github', 'html'], made.dir, { env: {}, out: (x) => printed.push(x) });
        const skipped = parseJunit(files.junit!).suites[0]!.cases.filter((c) => c.outcome === 'skipped' && c.message.startsWith('SEMANTICS_DIFFER'));
        expect(skipped).to.have.length(differ.length);
        expect(skipped[0]!.message).to.include(reason.slice(0, 40));
        // Only the summary notice: nothing to annotate.
        expect(printed.join('').trimEnd().split('\n').map(parseCommand).map((c) => c.command)).to.deep.equal(['notice']);
        expect(readFileSync(files.html!, 'utf8')).to.include('<td class="s-SEMANTICS_DIFFER" data-impl="0" data-status="SEMANTICS_DIFFER"><span class="cell s-SEMANTICS_DIFFER" title="SEMANTICS_DIFFER; ');
      } finally {
        rmSync(made.dir, { recursive: true, force: true });
      }
    });

    it('a result that changed between repetitions: a ::warning and a ~ in the matrix', () => {
      const report = structuredClone(mixed.report);
      const r = report.runs[0].results[0];
      r.unstable = ['PASS', 'FAIL'];
      const printed: string[] = [];
      const { files } = renderReport(report, ['github', 'html'], join(out, 'unstable'), { env: {}, out: (x) => printed.push(x) });
      const warning = printed.join('').trimEnd().split('\n').map(parseCommand).filter((c) => c.command === 'warning');
      expect(warning).to.have.length(1);
      expect(warning[0]!.props.file).to.equal(`fixtures/${r.id}.json`);
      expect(warning[0]!.message).to.equal('statuses across repetitions: PASS, FAIL');
      expect(readFileSync(files.html!, 'utf8')).to.match(/title="PASS; unstable across repetitions: PASS, FAIL">PASS ~<\/span>/);
    });
  });

  describe('with an expectation file', () => {
    let made: MadeReport;
    let v: ReportView;
    let removed: string, flipped: string;
    before(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pep567-expect-'));
      const file = join(dir, 'expectations.json');
      const impl = ['--impl', 'mutant:reset-skips-used-check', '--include', 'tokens/**'];
      // An accurate file first, then one that misses a failure and lists a passing scenario.
      await runReport([...impl, '--expectations', file, '--update-expectations']);
      const e = JSON.parse(readFileSync(file, 'utf8'));
      removed = Object.keys(e.expectations)[0]!;
      delete e.expectations[removed];
      flipped = 'tokens/token-var-names-its-variable';
      e.expectations[flipped] = { status: 'FAIL', divergence: 'value', reason: 'https://example.org/<b>issue</b>' };
      writeFileSync(file, JSON.stringify(e, null, 2));
      made = await runReport([...impl, '--expectations', file]);
      v = buildView(made.report);
      rmSync(dir, { recursive: true, force: true });
    });
    after(() => { if (made) rmSync(made.dir, { recursive: true, force: true }); });

    it('reads the outcomes: known failures, the new failure, the unexpected pass', () => {
      expect(v.expectations!.counts['new-failure']).to.equal(1);
      expect(v.expectations!.counts['unexpected-pass']).to.equal(1);
      const k = (id: string) => v.scenarios.findIndex((s) => s.id === id);
      expect(v.cells[k(removed)]![0]!.expectation).to.equal('new-failure');
      expect(v.cells[k(flipped)]![0]!.expectation).to.equal('unexpected-pass');
      expect(verdict(v, v.cells[k(removed)]![0]!)).to.equal('error');
      expect(verdict(v, v.cells[k(flipped)]![0]!)).to.equal('error');
      expect(failures(v).filter((f) => verdict(v, f.cell) === 'warning').length).to.equal(failures(v).length - 1);
    });

    it('GitHub: errors for the new failure and the unexpected pass, warnings for the known failures', () => {
      const printed: string[] = [];
      renderReport(made.report, ['github'], made.dir, { env: {}, out: (x) => printed.push(x) });
      const commands = printed.join('').trimEnd().split('\n').map(parseCommand);
      const errors = commands.filter((c) => c.command === 'error').map((c) => c.props.file);
      expect(errors).to.have.members([`fixtures/${removed}.json`, `fixtures/${flipped}.json`]);
      expect(commands.filter((c) => c.command === 'warning')).to.have.length(failures(v).length - 1);
      expect(commands.find((c) => c.props.file === `fixtures/${flipped}.json`)!.message).to.include('unexpected pass');
    });

    it('JUnit: known failures skipped, the new failure and the unexpected pass failed', () => {
      const { files } = renderReport(made.report, ['junit'], made.dir);
      const cases = parseJunit(files.junit!).suites[0]!.cases;
      const failed = cases.filter((c) => c.outcome === 'failure').map((c) => c.name);
      expect(failed).to.have.members([removed, flipped]);
      expect(cases.filter((c) => c.outcome === 'skipped' && c.message.startsWith('known failure'))).to.have.length(failures(v).length - 1);
    });

    it('Markdown and HTML name the unexpected pass and mark the new failure', () => {
      const { files } = renderReport(made.report, ['md', 'html'], made.dir);
      const md = readFileSync(files.md!, 'utf8');
      expect(md).to.include('## Unexpected passes (1)');
      expect(md).to.include('(new failure (not in the expectations))');
      const html = readFileSync(files.html!, 'utf8');
      expect(html).to.include('class="s-PASS x-unexpected-pass"');
      expect(html).to.include('class="s-FAIL x-new-failure"');
      expect(html).to.include('<ul class="flipped"><li><code>tokens/token-var-names-its-variable</code>');
    });
  });
});
