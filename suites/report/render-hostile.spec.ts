/**
 * Every renderer (HTML, Markdown, JUnit, GitHub) on a report whose ids, titles, values and file
 * names carry markup, workflow commands, CDATA ends and control characters: each arrives inert.
 */
import { expect } from 'chai';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport } from '../../harness/report/render/index.ts';
import { CDATA_END, GH_COMMAND, HOSTILE_ID, IMG, SCRIPT, SVG } from './support/hostile.ts';
import { buildView, failures, fixturesLookup } from '../../harness/report/render/view.ts';
import { hostileReport, type MadeReport } from './support/reports.ts';
import { parseCommand, parseJunit, splitFences } from './support/parse.ts';

describe('report renderers on hostile values, names, titles and file names', function () {
  this.timeout(60000);
  let hostile: MadeReport & { fixtures: string };
  let dir: string;
  let annotations: string;
  before(async () => {
    hostile = await hostileReport();
    dir = join(hostile.dir, 'rendered');
    const printed: string[] = [];
    // The hostile fixtures' folder stands for the repository, so the file property carries the hostile id.
    renderReport(hostile.report, ['html', 'md', 'junit', 'github'], dir, { fixturesDir: hostile.fixtures, env: { GITHUB_WORKSPACE: join(hostile.fixtures, '..') }, out: (s) => printed.push(s) });
    annotations = printed.join('');
  });
  after(() => { if (hostile) for (const d of [hostile.dir, join(hostile.fixtures, '..')]) rmSync(d, { recursive: true, force: true }); });

  it('produced a real failure and a real error carrying the hostile strings', () => {
    const statuses = hostile.report.runs[0].results.map((r: any) => r.status);
    expect(statuses).to.include('FAIL');
    expect(statuses).to.include('ERROR');
    expect(JSON.stringify(hostile.report)).to.include(SCRIPT);
  });

  it('HTML: no hostile markup survives as markup, only as text', () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<script/gi)).to.have.length(1);
    expect(html).not.to.include('<img');
    expect(html).not.to.include('<svg onload');
    expect(html).not.to.include('<i>');
    expect(html).to.include('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    // Very long values are cut, saying by how much.
    expect(html).to.match(/L… \(\d+ more characters\)/);
    expect(html).not.to.match(/L{2001}/);
    // eslint-disable-next-line no-control-regex
    expect(html).not.to.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF]/);
  });

  it('JUnit: well-formed XML whose text gives back the hostile strings', () => {
    const x = parseJunit(join(dir, 'junit.xml'));
    const hostileSuite = x.suites[0]!;
    expect(hostileSuite.name).to.include(SCRIPT);
    expect(hostileSuite.cases.map((c) => c.name)).to.include(HOSTILE_ID);
    const fail = hostileSuite.cases.find((c) => c.outcome === 'failure')!;
    expect(fail.text).to.include(SCRIPT);
    expect(hostileSuite.name).to.include(CDATA_END);
    const error = hostileSuite.cases.find((c) => c.outcome === 'error')!;
    expect(error.text).to.include(SVG);
  });

  it('Markdown: every table row keeps its columns and no raw markup or mention gets through', () => {
    const md = readFileSync(join(dir, 'matrix.md'), 'utf8');
    const tables = md.split('\n').filter((l) => l.startsWith('|'));
    const columns = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    const header = tables[0]!;
    for (const l of tables.slice(0, 2 + 2)) expect(columns(l)).to.equal(columns(header));
    // Inside a fenced block markup is inert text; everywhere else it must be escaped.
    const { prose, code } = splitFences(md);
    expect(code).to.include(SCRIPT);
    expect(prose).not.to.include('<script');
    expect(prose).not.to.include('<img');
    expect(prose).to.include('&lt;script&gt;');
    expect(prose).not.to.match(/(^|[^\\])@octocat/);
    expect(prose).not.to.match(/(^|[^\\])\[z\]/);
    for (const l of md.split('\n')) expect(l.startsWith('::')).to.equal(false);
  });

  it('GitHub: one command per line, properties and messages decode to the original strings, nothing forged', () => {
    const all = annotations.trimEnd().split('\n');
    expect(parseCommand(all.at(-1)!).command).to.equal('notice');
    const lines = all.slice(0, -1);
    const bad = failures(buildView(hostile.report, fixturesLookup(hostile.fixtures)));
    expect(lines).to.have.length(bad.length);
    for (const line of lines) {
      const c = parseCommand(line);
      expect(c.command).to.equal('error');
      expect(Object.keys(c.props).every((k) => ['file', 'line', 'title'].includes(k))).to.equal(true);
    }
    const first = parseCommand(lines.find((l) => l.includes('a%2Cb%3Ac'))!);
    expect(first.props.file).to.equal(`fixtures/${HOSTILE_ID}.json`);
    expect(first.props.title).to.include(GH_COMMAND.trim());
    const fail = lines.map(parseCommand).find((c) => c.props.title!.startsWith('FAIL'))!;
    expect(fail.props.title).to.include(`${SCRIPT}${IMG}`);
    expect(fail.message).to.include(`"${SCRIPT}<img src=x onerror=window.__pwned=5>`);
    // Control characters arrive as visible escapes, never raw.
    // eslint-disable-next-line no-control-regex
    expect(annotations).not.to.match(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
  });
});
