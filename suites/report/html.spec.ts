/**
 * The HTML report in a real browser: Debian's Chromium driven by playwright-core opens the file
 * (file: URL, no server), checks that failures come first, grouped, opens one (program, traces,
 * rerun command, fixture link), drives the filters and checks they live in the address, reads the
 * areas × implementations matrix at many implementations, and takes screenshots (kept in
 * SCREENSHOTS for a person to look at). With a hostile report it checks that nothing ran: no flag
 * set, no dialog, no request, no CSP violation, every hostile string shown as text.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { failureGroups } from '../../harness/report/render/groups.ts';
import { renderReport } from '../../harness/report/render/index.ts';
import { rerunCommand } from '../../harness/report/render/rerun.ts';
import { buildView, failures, fixturesLookup, unexpectedPasses, type ReportView } from '../../harness/report/render/view.ts';
import { CDATA_END, HOSTILE_ID, SCRIPT, SVG } from './support/hostile.ts';
import { hostileReport, MIXED, runReport, type MadeReport } from './support/reports.ts';

const CHROMIUM = '/usr/bin/chromium';
/** Page code runs in the browser; the spec is type-checked without the DOM library, so it goes through globalThis or text. */
const style = (el: unknown) => (globalThis as any).getComputedStyle(el).backgroundColor as string;
/** Screenshots are kept here so a person (or a CI artifact step) can look at them. */
export const SCREENSHOTS = join(tmpdir(), 'pep567-report-screenshots');
const MUTANTS = ['global-map', 'task-shares-parent-context', 'task-copies-at-first-step', 'reset-skips-used-check', 'reset-skips-context-check',
  'reset-restores-default', 'run-discards-changes', 'run-leaks-on-error', 'no-reentrancy-check', 'mapping-includes-defaults',
  'call-soon-live-context', 'direct-await-copies', 'copy-context-shares'];

interface Watched { page: Page; problems: string[]; requests: string[]; dialogs: string[] }

async function open(context: BrowserContext, file: string, hash = ''): Promise<Watched> {
  const page = await context.newPage();
  const w: Watched = { page, problems: [], requests: [], dialogs: [] };
  page.on('pageerror', (e) => w.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') w.problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('dialog', (d) => { w.dialogs.push(d.message()); void d.dismiss(); });
  // CSP violations would mean the report's own script or style was refused, or something else tried to load.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp = [...(window.__csp || []), e.violatedDirective + ' ' + e.blockedURI];
  });`);
  await page.goto(pathToFileURL(file).href + hash);
  return w;
}

/**
 * Does `action`, then waits until the page has handled the `type` event it causes (on `selector`'s
 * element, else on window). Events like hashchange and toggle are dispatched in a later task, so a
 * check made as soon as the click returns can see the page before its handler ran. A listener added
 * now runs after the page's own, which were added when it loaded.
 */
async function handled(page: Page, type: 'hashchange' | 'toggle', action: () => Promise<unknown>, selector?: string): Promise<void> {
  await page.evaluate(([type, selector]) => {
    const g = globalThis as any;
    const target = selector ? g.document.querySelector(selector) : g;
    g.__handled = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} event within 10 s`)), 10000);
      target.addEventListener(type, () => { clearTimeout(timer); resolve(true); }, { once: true });
    });
  }, [type, selector] as const);
  await action();
  await page.evaluate(() => (globalThis as any).__handled);
}

const hashOf = (page: Page) => Object.fromEntries(new URL(page.url()).hash.slice(1).split('&').filter(Boolean).map((kv) => kv.split('=').map(decodeURIComponent) as [string, string]));
const visibleGroups = (page: Page) => page.locator('details.failure:visible').evaluateAll((ds) => ds.map((d) => (d as { id: string }).id));

// Without Chromium the tests are listed as pending under a title that says why.
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const suite = HAVE_CHROMIUM ? describe : describe.skip;

suite(HAVE_CHROMIUM ? 'HTML report in Chromium' : `HTML report in Chromium (skipped: ${CHROMIUM} is not installed; \`npm run setup\` installs it with apt)`, function () {
  this.timeout(120000);
  let context: BrowserContext | undefined;
  let profile: string;
  const temporary: string[] = [];

  before(async () => {
    profile = mkdtempSync(join(tmpdir(), 'pep567-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await context?.close();
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  describe('a report of one implementation', () => {
    let made: MadeReport;
    let v: ReportView;
    let w: Watched;

    before(async () => {
      made = await runReport(['--impl', fileURLToPath(new URL('../harness/support/leaky-adapter.ts', import.meta.url))]);
      temporary.push(made.dir);
      renderReport(made.report, ['html'], made.dir);
      v = buildView(made.report);
      w = await open(context!, join(made.dir, 'report.html'));
    });

    it('shows the failures first, one group per first divergence, with nothing requested beyond the file and no error', async () => {
      const { page } = w;
      const groups = failureGroups(v);
      expect(groups.length).to.be.greaterThan(5);
      expect(await visibleGroups(page)).to.deep.equal(groups.map((g) => g.id));
      expect(await page.locator('h2#failures').textContent()).to.equal(`Failures: ${failures(v).length} failing cell(s) in ${groups.length} group(s)`);
      // Failures come before every matrix, and the first group is on the first screen.
      const order = await page.evaluate(`[...document.querySelectorAll('h2#failures, table.rates.areas, table.matrix')].map((e) => e.tagName)`);
      expect(order).to.deep.equal(['H2', 'TABLE', 'TABLE']);
      const box = (await page.locator('details.failure').first().boundingBox())!;
      expect(box.y + box.height).to.be.lessThan(1000);
      // The scenario matrix is folded: the page is not the height of 168 rows.
      expect(await page.locator('table.matrix').isVisible()).to.equal(false);
      expect(await page.locator('table.rates.areas tbody tr').count()).to.equal(v.areas.length + 1);
      const bg = await page.locator('details.failure .badge.s-FAIL').first().evaluate(style);
      expect(bg).to.equal('rgb(198, 40, 40)');
      await page.screenshot({ path: join(SCREENSHOTS, 'single-top.png') });
      expect(w.requests).to.deep.equal([pathToFileURL(join(made.dir, 'report.html')).href]);
      expect(w.problems).to.deep.equal([]);
      expect(await page.evaluate('window.__csp || []')).to.deep.equal([]);
    });

    it('opens a failure: the rerun command, the fixture link, the scenario as Python with the divergent line marked, the traces side by side; the address names it', async () => {
      const { page } = w;
      const g = failureGroups(v).find((x) => x.members[0]!.cell.divergence?.whole)!;
      const d = g.members[0]!.cell.divergence!;
      const details = page.locator(`details#${g.id}`);
      await handled(page, 'toggle', () => details.locator('summary').click(), `details#${g.id}`);
      expect(await details.evaluate((e) => (e as { open: boolean }).open)).to.equal(true);
      expect(hashOf(page)).to.deep.equal({ open: g.id });
      expect(await details.locator('pre.rerun').textContent()).to.equal(rerunCommand(g.members[0]!.impl.rerun, g.scenario.id));
      expect(await details.locator('p.where a').getAttribute('href')).to.equal(pathToFileURL(join(fileURLToPath(new URL('../../fixtures/', import.meta.url)), `${g.scenario.id}.json`)).href);
      const py = await details.locator('pre.py').innerText();
      expect(py.split('\n')[0]).to.match(/^async def program\(path\):/);
      const marked = details.locator('pre.py > span.divergent');
      expect(await marked.count()).to.equal(1);
      expect(await marked.textContent()).to.include(`"${d.step}"`);
      const divergent = details.locator('table.side tr.divergent');
      expect(await divergent.count()).to.equal(1);
      const cells = await divergent.locator('td').allTextContents();
      const show = (o: typeof d.expected) => (o ? (o.error ? `${o.error.kind}: ${o.error.message}` : JSON.stringify(o.value)) : '(nothing)');
      expect(cells[1]).to.include(show(d.expected));
      expect(cells[2]).to.include(show(d.actual));
      // The program's comment on that line says both.
      expect(await marked.locator('.c').textContent()).to.include(show(d.expected)).and.include(show(d.actual));
      await details.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'single-failure-open.png') });
      // The address opens it again, scrolled to it.
      const again = await open(context!, join(made.dir, 'report.html'), `#open=${g.id}`);
      expect(await again.page.locator(`details#${g.id}`).evaluate((e) => (e as { open: boolean }).open)).to.equal(true);
      expect(await again.page.locator('details.failure[open]').count()).to.equal(1);
      expect(again.problems).to.deep.equal([]);
      await again.page.close();
    });

    it('filters by area, feature and text, keeps them in the address, and a reload keeps them', async () => {
      const { page } = w;
      const groups = failureGroups(v);
      const area = groups[0]!.scenario.area;
      await page.selectOption('select[name=area]', area);
      expect(await visibleGroups(page)).to.deep.equal(groups.filter((g) => g.scenario.area === area).map((g) => g.id));
      expect(hashOf(page)).to.include({ area });
      await page.selectOption('select[name=area]', '');
      const feature = 'tasks';
      await page.selectOption('select[name=feature]', feature);
      expect(await visibleGroups(page)).to.deep.equal(groups.filter((g) => g.scenario.features.includes(feature)).map((g) => g.id));
      const one = groups.filter((g) => g.scenario.features.includes(feature))[1]!;
      await page.fill('input[name=text]', one.scenario.id.toUpperCase());
      expect(await visibleGroups(page)).to.deep.equal([one.id]);
      expect(await page.locator('#shown').textContent()).to.match(new RegExp(`^1 of ${groups.length} failure groups shown \\(1 of ${failures(v).length} failing cells\\), 1 of ${v.scenarios.length} scenarios$`));
      expect(hashOf(page)).to.include({ feature, text: one.scenario.id.toUpperCase() });
      await page.reload();
      expect(await page.inputValue('select[name=feature]')).to.equal(feature);
      expect(await visibleGroups(page)).to.deep.equal([one.id]);
      await page.locator('a.reset').click();
      expect(await visibleGroups(page)).to.have.length(groups.length);
      expect(new URL(page.url()).hash).to.equal('');
    });
  });

  describe('a report of several implementations', () => {
    let made: MadeReport;
    let v: ReportView;
    let w: Watched;

    before(async () => {
      made = await runReport([...MIXED, '--include', 'tokens/**', '--include', 'tasks/**', '--include', 'run/**']);
      temporary.push(made.dir);
      renderReport(made.report, ['html'], made.dir);
      v = buildView(made.report);
      w = await open(context!, join(made.dir, 'report.html'));
    });

    it('groups one cause on several implementations once, with its count and each rerun command', async () => {
      const groups = failureGroups(v);
      expect(groups.reduce((n, g) => n + g.members.length, 0)).to.equal(failures(v).length + unexpectedPasses(v).length);
      const shared = groups.find((g) => g.members.length > 1)!;
      expect(shared, 'a cause shared by two implementations').to.not.equal(undefined);
      const details = w.page.locator(`details#${shared.id}`);
      expect(await details.locator('summary .count').textContent()).to.equal(`×${shared.members.length}`);
      await handled(w.page, 'toggle', () => details.locator('summary').click(), `details#${shared.id}`);
      expect((await details.locator('pre.rerun').textContent())!.split('\n')).to.deep.equal(shared.members.map((m) => rerunCommand(m.impl.rerun, shared.scenario.id)));
      // Filtering by one implementation keeps exactly the groups it is in.
      const impl = shared.members[1]!.impl;
      await w.page.selectOption('select[name=impl]', String(impl.index));
      expect(await visibleGroups(w.page)).to.deep.equal(groups.filter((g) => g.members.some((m) => m.impl.index === impl.index)).map((g) => g.id));
      expect(hashOf(w.page)).to.include({ impl: String(impl.index), open: shared.id });
      await w.page.locator('a.reset').click();
    });

    it('links each area × implementation cell to its failures', async () => {
      const { page } = w;
      const impl = v.impls.find((i) => i.name === 'test-als')!;
      const area = v.areas.find((a) => v.rates[impl.index]!.byArea[a]!.judged > v.rates[impl.index]!.byArea[a]!.pass)!;
      // The cell is a link to #area=…&impl=…: the filters apply when the page handles the hashchange.
      await handled(page, 'hashchange', () => page.locator(`table.rates.areas tr[data-area="${area}"] td[data-impl="${impl.index}"] a`).click());
      expect(hashOf(page)).to.deep.equal({ area, impl: String(impl.index) });
      const want = failureGroups(v).filter((g) => g.scenario.area === area && g.members.some((m) => m.impl.index === impl.index)).map((g) => g.id);
      expect(await visibleGroups(page)).to.deep.equal(want);
      expect(await page.inputValue('select[name=area]')).to.equal(area);
      await page.locator('a.reset').click();
    });
  });

  describe('a report of many implementations', () => {
    it('keeps the areas × implementations matrix readable: every name a column header, upright, the table within the screen', async () => {
      const made = await runReport(['--impl', 'model', '--impl', 'node-als', '--impl', 'asynccontext', ...MUTANTS.flatMap((m) => ['--impl', `mutant:${m}`]), ...MIXED.slice(-2)]);
      temporary.push(made.dir);
      renderReport(made.report, ['html'], made.dir);
      const v = buildView(made.report);
      expect(v.impls.length).to.be.at.least(17);
      const { page, problems } = await open(context!, join(made.dir, 'report.html'));
      const heads = page.locator('table.rates.areas thead th.impl');
      expect(await heads.allTextContents()).to.deep.equal(v.impls.map((i) => i.label));
      const table = (await page.locator('table.rates.areas').boundingBox())!;
      const area = (await page.locator('table.rates.areas thead th.key').boundingBox())!;
      const column = (table.width - area.width) / v.impls.length;
      // 30 implementations of this width fit a 1400-pixel screen beside the area names.
      expect(area.width + 30 * column).to.be.lessThan(1400);
      const head = (await heads.first().locator('span').boundingBox())!;
      expect(head.height).to.be.greaterThan(head.width);
      await page.locator('table.rates.areas').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'many-areas.png') });
      expect(problems).to.deep.equal([]);
      await page.close();
    });
  });

  describe('a hostile report', () => {
    let made: MadeReport & { fixtures: string };
    let w: Watched;

    before(async () => {
      made = await hostileReport();
      temporary.push(made.dir, join(made.fixtures, '..'));
      renderReport(made.report, ['html'], made.dir, { fixturesDir: made.fixtures });
      w = await open(context!, join(made.dir, 'report.html'));
    });

    it('runs nothing from the report while loading, filtering and opening every failure and the scenario matrix', async () => {
      const { page } = w;
      await page.fill('input[name=text]', SCRIPT);
      await page.fill('input[name=text]', '');
      for (const s of await page.locator('details.failure > summary').all()) await s.click();
      await page.locator('details#scenarios > summary').click();
      expect(await page.locator('details.failure[open]').count()).to.equal(await page.locator('details.failure').count());
      await page.screenshot({ path: join(SCREENSHOTS, 'hostile.png'), fullPage: true });
      expect(await page.evaluate('window.__pwned')).to.equal(undefined);
      expect(w.dialogs).to.deep.equal([]);
      expect(w.requests).to.deep.equal([pathToFileURL(join(made.dir, 'report.html')).href]);
      expect(await page.evaluate('window.__csp || []')).to.deep.equal([]);
      expect(w.problems).to.deep.equal([]);
      expect(await page.locator('script').count()).to.equal(1);
      expect(await page.locator('img, iframe, object, embed, b[onclick], [onerror], [onload]').count()).to.equal(0);
    });

    it('shows the hostile strings as text: title, implementation name, id, values', async () => {
      const { page } = w;
      const body = await page.locator('body').innerText();
      expect(body).to.include(SCRIPT);
      expect(body).to.include(SVG);
      expect(body).to.include(CDATA_END);
      expect(body).to.include(HOSTILE_ID);
      expect(await page.title()).to.include(SCRIPT);
      expect(await page.locator('table.matrix tr.row .id').allTextContents()).to.include(HOSTILE_ID);
      const views = buildView(made.report, fixturesLookup(made.fixtures));
      expect(await page.locator('details.failure').count()).to.equal(failureGroups(views).length);
    });
  });
});
