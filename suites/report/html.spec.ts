/**
 * The HTML report in a real browser: Debian's Chromium driven by playwright-core opens the file
 * (file: URL, no server), applies filters, expands a failure, takes screenshots, and checks what
 * is visible. With a hostile report it checks that nothing ran: no flag set, no dialog, no
 * request, no CSP violation, every hostile string shown as text.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { renderReport } from '../../harness/report/render/index.ts';
import { buildView, failures, fixturesLookup } from '../../harness/report/render/view.ts';
import { CDATA_END, HOSTILE_ID, SCRIPT, SVG } from './support/hostile.ts';
import { hostileReport, MIXED, runReport, type MadeReport } from './support/reports.ts';

const CHROMIUM = '/usr/bin/chromium';
/** Page code runs in the browser; the spec is type-checked without the DOM library, so it goes through globalThis or text. */
const style = (el: unknown) => (globalThis as any).getComputedStyle(el).backgroundColor as string;
/** Screenshots are kept here so a person (or a CI artifact step) can look at them. */
export const SCREENSHOTS = join(tmpdir(), 'pep567-report-screenshots');

interface Watched { page: Page; problems: string[]; requests: string[]; dialogs: string[] }

async function open(context: BrowserContext, file: string): Promise<Watched> {
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
  await page.goto(pathToFileURL(file).href);
  return w;
}

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

  describe('a report of several implementations', () => {
    let made: MadeReport;
    let w: Watched;

    before(async () => {
      made = await runReport(MIXED);
      temporary.push(made.dir);
      renderReport(made.report, ['html'], made.dir);
      w = await open(context!, join(made.dir, 'report.html'));
    });

    it('shows the matrix, the summary and both charts, with no request beyond the file and no error', async () => {
      const { page } = w;
      const v = buildView(made.report);
      expect(await page.locator('table.matrix tbody tr.row:visible').count()).to.equal(v.scenarios.length);
      expect(await page.locator('table.matrix thead th[data-impl]').count()).to.equal(v.impls.length);
      expect(await page.locator('table.summary tbody tr').count()).to.equal(v.impls.length);
      expect(await page.locator('svg.chart').count()).to.equal(2);
      expect(await page.locator('svg.chart rect').count()).to.equal((v.areas.length + v.features.length) * v.impls.length);
      expect(await page.locator('#shown').textContent()).to.equal(`${v.scenarios.length} of ${v.scenarios.length} scenarios shown, ${failures(v).length} of ${failures(v).length} failures`);
      // The stylesheet applied (CSP admitted it): a FAIL cell is red.
      const bg = await page.locator('table.matrix button.s-FAIL').first().evaluate(style);
      expect(bg).to.equal('rgb(198, 40, 40)');
      await page.screenshot({ path: join(SCREENSHOTS, 'matrix-top.png') });
      expect(w.requests).to.deep.equal([pathToFileURL(join(made.dir, 'report.html')).href]);
      expect(w.problems).to.deep.equal([]);
      expect(await page.evaluate('window.__csp || []')).to.deep.equal([]);
    });

    it('filters by implementation, status, area, feature and text', async () => {
      const { page } = w;
      const v = buildView(made.report);
      const leaky = v.impls.find((i) => i.name === 'test-als')!;
      await page.selectOption('select[name=impl]', String(leaky.index));
      expect(await page.locator('table.matrix thead th[data-impl]:visible').count()).to.equal(1);
      // Only FAIL: the rows left are exactly the scenarios where that implementation fails.
      for (const box of await page.locator('input[name=status]').all()) if ((await box.getAttribute('value')) !== 'FAIL') await box.uncheck();
      const failing = v.scenarios.filter((_, k) => v.cells[k]![leaky.index]?.status === 'FAIL');
      expect(failing.length).to.be.greaterThan(2);
      const ids = await page.locator('table.matrix tr.row:visible .id').allTextContents();
      expect(ids).to.deep.equal(failing.map((s) => s.id));
      await page.selectOption('select[name=area]', 'tokens');
      const inTokens = failing.filter((s) => s.area === 'tokens');
      expect(await page.locator('table.matrix tr.row:visible .id').allTextContents()).to.deep.equal(inTokens.map((s) => s.id));
      await page.selectOption('select[name=area]', '');
      await page.selectOption('select[name=feature]', 'gather');
      expect(await page.locator('table.matrix tr.row:visible .id').allTextContents()).to.deep.equal(failing.filter((s) => s.features.includes('gather')).map((s) => s.id));
      await page.selectOption('select[name=feature]', '');
      const one = failing[0]!;
      await page.fill('input[name=text]', one.id.toUpperCase());
      expect(await page.locator('table.matrix tr.row:visible .id').allTextContents()).to.deep.equal([one.id]);
      expect(await page.locator('details.failure:visible').count()).to.equal(1);
      expect(await page.locator('#shown').textContent()).to.match(/^1 of \d+ scenarios shown, 1 of \d+ failures$/);
      await page.screenshot({ path: join(SCREENSHOTS, 'filtered.png') });
    });

    it('expands a failure: expected and actual side by side, the first divergence highlighted, the fixture step shown', async () => {
      const { page } = w;
      const v = buildView(made.report);
      const text = (await page.inputValue('input[name=text]')).toLowerCase();
      const k = v.scenarios.findIndex((s) => s.id === text);
      const impl = Number(await page.inputValue('select[name=impl]'));
      const cell = v.cells[k]![impl]!;
      const d = cell.divergence!;
      const button = page.locator(`table.matrix tr.row:visible td[data-impl="${impl}"] button`);
      expect(await button.getAttribute('aria-expanded')).to.equal('false');
      await button.click();
      expect(await button.getAttribute('aria-expanded')).to.equal('true');
      const details = page.locator('details.failure[open]');
      expect(await details.count()).to.equal(1);
      expect(await details.isVisible()).to.equal(true);
      await expect(details.locator('table.side')).to.be.ok;
      expect(await details.locator('table.side thead').textContent()).to.include(`expected (${v.impls[impl]!.reference})`);
      const divergent = details.locator('table.side tr.divergent');
      expect(await divergent.count()).to.equal(1);
      expect(await divergent.isVisible()).to.equal(true);
      const cells = await divergent.locator('td').allTextContents();
      const show = (o: typeof d.expected) => (o ? (o.error ? `${o.error.kind}: ${o.error.message}` : JSON.stringify(o.value)) : '(nothing)');
      expect(cells[1]).to.include(show(d.expected));
      expect(cells[2]).to.include(show(d.actual));
      const bg = await divergent.locator('td').nth(1).evaluate(style);
      expect(bg).to.equal('rgb(255, 235, 238)');
      expect(await details.locator('pre.step').textContent()).to.equal(d.stepSource);
      expect(await details.locator('.where').allTextContents()).to.satisfy((t: string[]) => t.some((x) => x.includes(`from step ${d.step}`)));
      await divergent.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'failure-expanded.png') });
      expect(w.problems).to.deep.equal([]);
    });

    it('names the opened failure in the address, and opens the failure an address names', async () => {
      const { page } = w;
      const id = await page.locator('details.failure[open]').getAttribute('id');
      expect(new URL(page.url()).hash).to.equal(`#${id}`);
      const again = await open(context!, join(made.dir, 'report.html'));
      await again.page.goto(`${pathToFileURL(join(made.dir, 'report.html')).href}#${id}`);
      await again.page.reload();
      expect(await again.page.locator(`details#${id}`).evaluate((d) => (d as { open: boolean }).open)).to.equal(true);
      expect(await again.page.locator('details.failure[open]').count()).to.equal(1);
      await again.page.close();
    });
  });

  describe('a report of more implementations than bars can show', () => {
    it('draws heat maps and numbers the matrix columns as their legend does', async () => {
      const made = await runReport([...MIXED, '--impl', 'mutant:global-map', '--impl', 'mutant:run-discards-changes', '--include', 'run/**', '--include', 'tasks/**']);
      temporary.push(made.dir);
      renderReport(made.report, ['html'], made.dir);
      const { page, problems } = await open(context!, join(made.dir, 'report.html'));
      const v = buildView(made.report);
      expect(v.impls.length).to.equal(6);
      expect(await page.locator('svg.chart.heat').count()).to.equal(2);
      expect(await page.locator('svg.chart.bars').count()).to.equal(0);
      expect(await page.locator('ol.heat-legend li').allTextContents()).to.deep.equal(v.impls.map((i) => i.label));
      expect(await page.locator('table.matrix thead th[data-impl]').allTextContents()).to.deep.equal(v.impls.map((i) => String(i.index + 1)));
      expect(await page.locator('table.matrix thead th[data-impl="1"]').getAttribute('title')).to.equal(`${v.impls[1]!.label} vs ${v.impls[1]!.reference}`);
      // The model passes every judged run/ scenario: its heat-map cell for the area reads 100.
      const byArea = page.locator('svg.chart.heat').first();
      const runRow = v.areas.indexOf('run');
      expect(await byArea.locator('rect').nth(runRow * v.impls.length).locator('title').textContent()).to.match(/^model .*, run: (\d+) of \1 judged pass/);
      await page.screenshot({ path: join(SCREENSHOTS, 'heatmap.png') });
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

    it('runs nothing from the report while loading, filtering and expanding every failure', async () => {
      const { page } = w;
      await page.fill('input[name=text]', SCRIPT);
      await page.fill('input[name=text]', '');
      for (const b of await page.locator('table.matrix button[data-detail]').all()) await b.click();
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
      expect(await page.locator('details.failure').count()).to.equal(failures(views).length);
    });
  });
});
