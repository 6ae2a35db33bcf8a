/**
 * The HTML report's inline stylesheet and script. They carry no data: the page's content is in the
 * markup, escaped, and the script only reads data-* attributes, form values and the page address,
 * and toggles classes, so nothing from a report is ever parsed as HTML or code in the browser.
 */
import { junitOf, STATUS_TABLE, STATUSES } from '../../primitives/statuses.ts';

/** Pass-rate deciles h0 … h10, red to green (classes: the CSP admits no inline style). */
const HEAT = Array.from({ length: 11 }, (_, i) => `.rate.h${i} { background: hsl(${12 * i}, 62%, ${i === 10 ? 36 : 44}%); }`).join('\n');

/** Light badges need dark text. */
const TEXT: Record<string, string> = { skip: ' color: #333;' };

/**
 * A badge colour per status (statuses.ts): one line per JUnit kind (passed and failed, errors,
 * skipped), statuses of one colour sharing a rule.
 */
function badgeRules(): string {
  const lines = [['passed', 'failure'], ['error'], ['skipped']].map((kinds) => {
    const colours: string[] = [];
    const by = new Map<string, string[]>();
    for (const s of STATUSES) {
      if (!kinds.includes(junitOf(s))) continue;
      const c = STATUS_TABLE[s].colour;
      if (!by.has(c)) { by.set(c, []); colours.push(c); }
      by.get(c)!.push(`.s-${s}`);
    }
    return colours.map((c) => `${by.get(c)!.join(', ')} { background: var(--${c});${TEXT[c] ?? ''} }`).join(' ');
  });
  return lines.join('\n');
}

export const CSS = `
:root { --pass:#2e7d32; --fail:#c62828; --err:#8e2424; --uns:#757575; --diff:#6a1b9a; --skip:#bdbdbd; --line:#ddd; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 1.5rem 3rem; color: #212121; }
h1 { font-size: 1.5rem; margin: 1rem 0 .25rem; } h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.totals { font-size: 1.05rem; margin: .25rem 0; } .totals .bad { color: var(--fail); }
.meta { color: #555; margin: 0 0 .75rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .2rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #f5f5f5; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
#filters { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center; padding: .5rem .8rem; background: #fafafa; border: 1px solid var(--line); position: sticky; top: 0; z-index: 2; }
#filters fieldset { border: 0; margin: 0; padding: 0; } #filters legend { font-weight: 600; padding: 0; float: left; margin-right: .5rem; }
#filters label { margin-right: .4rem; white-space: nowrap; } #filters select { max-width: 16rem; }
#shown { margin: .4rem 0; color: #555; }
.hidden { display: none !important; }
.badge { display: inline-block; padding: 0 .35rem; border-radius: 3px; color: #fff; font: 600 11px ui-monospace, monospace; }
${badgeRules()}
details.failure { border: 1px solid var(--line); border-left: 5px solid var(--fail); margin: .35rem 0; padding: .25rem .6rem; scroll-margin-top: 4.5rem; }
details.failure[data-status=PASS] { border-left-color: #ff6f00; }
details.failure[open] { background: #fffdf7; }
details.failure > summary { cursor: pointer; overflow-wrap: anywhere; }
details.failure .count { font-weight: 700; color: var(--fail); }
details.failure .title { color: #444; }
details.failure .sig { font: 12px/1.35 ui-monospace, monospace; color: #333; margin: .1rem 0 0 1rem; overflow-wrap: anywhere; }
details.failure .who { font: 12px system-ui, sans-serif; color: #666; margin-left: .5rem; }
.label { font-weight: 600; margin: .6rem 0 .2rem; }
.cols { display: grid; grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); gap: 1rem; }
@media (max-width: 1100px) { .cols { grid-template-columns: minmax(0, 1fr); } }
.where { margin: .4rem 0; } .where code, pre, .obs { font: 12px/1.35 ui-monospace, monospace; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f5f5f5; padding: .4rem; margin: .2rem 0; max-height: 30rem; overflow: auto; }
pre.rerun { background: #263238; color: #eceff1; user-select: all; }
pre.py > span { display: block; } pre.py .c { color: #2e7d32; }
pre.py > span.differs { background: #fff3e0; } pre.py > span.differs .c, pre.py > span.divergent .c { color: #b71c1c; }
pre.py > span.divergent { background: #ffebee; outline: 2px solid var(--fail); }
table.side { width: 100%; table-layout: fixed; }
table.side col.n { width: 3rem; }
table.side td { overflow-wrap: anywhere; }
table.side tr.task-start td { border-top: 2px solid #9e9e9e; }
table.side tr.divergent td { background: #ffebee; border-top: 2px solid var(--fail); border-bottom: 2px solid var(--fail); }
table.side tr.divergent td:first-child::before { content: "\\25B6 "; color: var(--fail); }
.expect-warning { color: #6d4c41; } .expect-error { color: var(--fail); font-weight: 600; }
table.rates th.impl, table.matrix th.impl { vertical-align: bottom; padding: .3rem .15rem; font-weight: 600; font-size: 12px; }
th.impl span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; display: inline-block; max-height: 18rem; overflow: hidden; text-overflow: ellipsis; }
table.rates th.key { font-weight: normal; white-space: nowrap; }
table.rates tr.total th, table.rates tr.total td { border-top: 2px solid #9e9e9e; font-weight: 700; }
td.rate { text-align: center; min-width: 2.3rem; color: #fff; font: 600 12px ui-monospace, monospace; padding: .25rem .1rem; }
td.rate a { color: #fff; } td.rate.none { background: #eee; color: #777; }
${HEAT}
.matrix td { text-align: center; padding: 0; }
.matrix th.scenario { font-weight: normal; max-width: 34rem; }
.matrix .id { font-family: ui-monospace, monospace; font-size: 12px; }
.matrix .title { color: #555; font-size: 12px; overflow-wrap: anywhere; }
.cell { display: block; min-width: 1.7rem; padding: .3rem .3rem; font: 600 11px ui-monospace, monospace; color: #fff; text-decoration: none; }
a.cell:hover, a.cell:focus { outline: 3px solid #1565c0; outline-offset: -3px; }
td.x-new-failure, td.x-changed-signature, td.x-unexpected-pass { outline: 3px dashed #ff6f00; outline-offset: -3px; }
details.fold > summary { cursor: pointer; } details.fold > summary h2 { display: inline; }
.note { color: #555; font-size: 12px; }
`;

/**
 * Filters, the open failure and the page address. The address holds the state
 * (#status=FAIL,ERROR&area=tokens&impl=2&text=reset&open=g-…), so a link names a view and the
 * matrices' cells are plain links; the script applies whatever the address says.
 */
export const SCRIPT = `
(function () {
  'use strict';
  var doc = document, form = doc.getElementById('filters');
  var list = function (sel) { return Array.prototype.slice.call(doc.querySelectorAll(sel)); };
  var groups = list('details.failure'), rows = list('tr.row'), areaRows = list('tr.area-row'), featureRows = list('tr.feature-row');
  var implCells = list('.rates [data-impl], .matrix [data-impl], table.summary tr[data-impl]');
  var boxes = list('#filters input[name=status]');
  var KEYS = ['status', 'area', 'feature', 'impl', 'text', 'open'];
  var open = '';
  function readHash() {
    var s = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf('='), k = i < 0 ? kv : kv.slice(0, i);
      try { s[k] = i < 0 ? '' : decodeURIComponent(kv.slice(i + 1)); } catch (e) { /* a malformed address: ignore that key */ }
    });
    return s;
  }
  function writeHash(s) {
    var parts = KEYS.filter(function (k) { return s[k]; }).map(function (k) { return k + '=' + encodeURIComponent(s[k]); });
    // file: pages may refuse replaceState; the filters still apply.
    try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search); } catch (e) { /* ignore */ }
  }
  function fromForm() {
    var on = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    return {
      status: on.length === boxes.length ? '' : on.join(',') || 'none',
      area: form.elements.area.value, feature: form.elements.feature.value, impl: form.elements.impl.value,
      text: form.elements.text.value.trim(), open: open
    };
  }
  function choose(select, value) {
    select.value = value || '';
    if (select.value !== (value || '')) select.value = '';
  }
  function toForm(s) {
    var want = s.status ? s.status.split(',') : null;
    boxes.forEach(function (b) { b.checked = !want || want.indexOf(b.value) >= 0; });
    choose(form.elements.area, s.area); choose(form.elements.feature, s.feature); choose(form.elements.impl, s.impl);
    form.elements.text.value = s.text || '';
  }
  function matches(el, s) {
    if (s.area && el.getAttribute('data-area') !== s.area) return false;
    if (s.feature && (' ' + el.getAttribute('data-features') + ' ').indexOf(' ' + s.feature + ' ') < 0) return false;
    if (s.text && el.getAttribute('data-text').indexOf(s.text.toLowerCase()) < 0) return false;
    return true;
  }
  function apply(s) {
    var want = s.status ? s.status.split(',') : null;
    var statusOk = function (st) { return !want || want.indexOf(st) >= 0; };
    var shownGroups = 0, shownCells = 0, allCells = 0;
    groups.forEach(function (d) {
      var impls = d.getAttribute('data-impls');
      var n = impls.trim().split(' ').length;
      allCells += n;
      var on = statusOk(d.getAttribute('data-status')) && (!s.impl || impls.indexOf(' ' + s.impl + ' ') >= 0) && matches(d, s);
      d.classList.toggle('hidden', !on);
      if (on) { shownGroups++; shownCells += s.impl ? 1 : n; }
    });
    implCells.forEach(function (el) { el.classList.toggle('hidden', !!s.impl && el.getAttribute('data-impl') !== s.impl); });
    areaRows.forEach(function (tr) { tr.classList.toggle('hidden', !!s.area && tr.getAttribute('data-area') !== s.area); });
    featureRows.forEach(function (tr) { tr.classList.toggle('hidden', !!s.feature && tr.getAttribute('data-feature') !== s.feature); });
    var shownRows = 0;
    rows.forEach(function (tr) {
      var any = !want;
      if (want) Array.prototype.forEach.call(tr.querySelectorAll('td[data-status]'), function (td) {
        if ((!s.impl || td.getAttribute('data-impl') === s.impl) && statusOk(td.getAttribute('data-status'))) any = true;
      });
      var on = any && matches(tr, s);
      tr.classList.toggle('hidden', !on);
      if (on) shownRows++;
    });
    doc.getElementById('shown').textContent = shownGroups + ' of ' + groups.length + ' failure groups shown (' + shownCells + ' of ' + allCells +
      ' failing cells), ' + shownRows + ' of ' + rows.length + ' scenarios';
  }
  function openGroup(id, scroll) {
    var d = id ? doc.getElementById(id) : null;
    if (!d || d.tagName !== 'DETAILS') return;
    d.open = true;
    // The filters win: an open failure they hide stays hidden (a cell's link sets no filter).
    if (scroll && !d.classList.contains('hidden')) d.scrollIntoView({ block: 'start' });
  }
  function fromAddress(scroll) {
    var s = readHash();
    open = s.open || '';
    toForm(s);
    apply(s);
    openGroup(open, scroll);
  }
  function changed() { var s = fromForm(); writeHash(s); apply(s); }
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.querySelector('a.reset').addEventListener('click', function (e) { e.preventDefault(); open = ''; writeHash({}); fromAddress(false); });
  groups.forEach(function (d) {
    d.addEventListener('toggle', function () {
      if (d.open) open = d.id; else if (open === d.id) open = '';
      writeHash(fromForm());
    });
  });
  window.addEventListener('hashchange', function () { fromAddress(true); });
  fromAddress(true);
})();
`;
