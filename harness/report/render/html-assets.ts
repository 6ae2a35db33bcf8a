/**
 * The HTML report's inline stylesheet and script. They carry no data: the page's content is in the
 * markup, escaped, and the script only reads data-* attributes and toggles classes, so nothing from
 * a report is ever parsed as HTML or code in the browser.
 */

export const CSS = `
:root { --pass:#2e7d32; --fail:#c62828; --err:#8e2424; --uns:#757575; --diff:#6a1b9a; --skip:#bdbdbd; --line:#ddd; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 1.5rem 3rem; color: #212121; }
h1 { font-size: 1.5rem; margin: 1rem 0 .25rem; } h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.meta { color: #555; margin: 0 0 1rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .2rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #f5f5f5; }
.matrix thead th { position: sticky; top: 0; z-index: 1; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 2rem; }
.chart text { font: 11px system-ui, sans-serif; fill: #333; }
.chart text.on-heat { fill: #fff; font-weight: 600; }
.heat-legend { columns: 3 18rem; font-size: 12px; margin: .25rem 0; }
.legend span { display: inline-block; margin-right: 1rem; }
.legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; }
#filters { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; padding: .6rem .8rem; background: #fafafa; border: 1px solid var(--line); }
#filters fieldset { border: 0; margin: 0; padding: 0; } #filters legend { font-weight: 600; padding: 0; }
#filters label { margin-right: .6rem; white-space: nowrap; }
#shown { margin: .5rem 0; color: #555; }
.matrix td { text-align: center; padding: 0; }
.matrix th.scenario { font-weight: normal; max-width: 38rem; }
.matrix thead th[data-impl] { max-width: 9rem; font-size: 12px; overflow-wrap: anywhere; }
.matrix .id { font-family: ui-monospace, monospace; font-size: 12px; }
.matrix .title { color: #555; font-size: 12px; overflow-wrap: anywhere; }
.cell { display: block; width: 100%; min-width: 3.6rem; border: 0; padding: .35rem .4rem; font: 600 11px ui-monospace, monospace; color: #fff; cursor: default; }
button.cell { cursor: pointer; } button.cell:hover, button.cell:focus { outline: 3px solid #1565c0; outline-offset: -3px; }
.s-PASS { background: var(--pass); } .s-FAIL { background: var(--fail); }
.s-ERROR, .s-TIMEOUT, .s-CRASH, .s-PROTOCOL_ERROR, .s-STALLED { background: var(--err); }
.s-UNSUPPORTED { background: var(--uns); } .s-SEMANTICS_DIFFER { background: var(--diff); } .s-SKIPPED { background: var(--skip); color: #333; }
.hidden { display: none !important; }
td.x-new-failure, td.x-changed-signature, td.x-unexpected-pass { outline: 3px dashed #ff6f00; outline-offset: -3px; }
.expect-warning { color: #6d4c41; } .expect-error { color: var(--fail); font-weight: 600; }
details.failure { border: 1px solid var(--line); border-left: 5px solid var(--fail); margin: .5rem 0; padding: .3rem .6rem; }
details.failure[open] { background: #fffdf7; }
details.failure summary { cursor: pointer; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 .35rem; border-radius: 3px; color: #fff; font: 600 11px ui-monospace, monospace; }
.where { margin: .4rem 0; } .where code, pre, .obs { font: 12px/1.35 ui-monospace, monospace; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f5f5f5; padding: .4rem; margin: .3rem 0; max-height: 24rem; overflow: auto; }
table.side { width: 100%; table-layout: fixed; margin-top: .4rem; }
table.side col.n { width: 3rem; } table.side col.t { width: 7rem; }
table.side td { overflow-wrap: anywhere; }
table.side tr.task-start td { border-top: 2px solid #9e9e9e; }
table.side tr.divergent td { background: #ffebee; border-top: 2px solid var(--fail); border-bottom: 2px solid var(--fail); }
table.side tr.divergent td:first-child::before { content: "\\25B6 "; color: var(--fail); }
.note { color: #555; font-size: 12px; }
`;

/** Filters and expansion. Reads only data-* attributes and form values; writes classes and counts. */
export const SCRIPT = `
(function () {
  'use strict';
  var doc = document;
  var form = doc.getElementById('filters');
  var rows = Array.prototype.slice.call(doc.querySelectorAll('tr.row'));
  var fails = Array.prototype.slice.call(doc.querySelectorAll('details.failure'));
  var implCols = Array.prototype.slice.call(doc.querySelectorAll('.matrix [data-impl]'));
  function checkedStatuses() {
    var out = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name=status]'), function (b) { if (b.checked) out[b.value] = true; });
    return out;
  }
  function matches(el, f) {
    if (f.area && el.getAttribute('data-area') !== f.area) return false;
    if (f.feature && (' ' + el.getAttribute('data-features') + ' ').indexOf(' ' + f.feature + ' ') < 0) return false;
    if (f.text && el.getAttribute('data-text').indexOf(f.text) < 0) return false;
    return true;
  }
  function apply() {
    var f = {
      statuses: checkedStatuses(),
      area: form.elements.area.value,
      feature: form.elements.feature.value,
      impl: form.elements.impl.value,
      text: form.elements.text.value.trim().toLowerCase()
    };
    implCols.forEach(function (el) { el.classList.toggle('hidden', f.impl !== '' && el.getAttribute('data-impl') !== f.impl); });
    var shown = 0;
    rows.forEach(function (tr) {
      var any = false;
      Array.prototype.forEach.call(tr.querySelectorAll('td[data-status]'), function (td) {
        if ((f.impl === '' || td.getAttribute('data-impl') === f.impl) && f.statuses[td.getAttribute('data-status')]) any = true;
      });
      var on = any && matches(tr, f);
      tr.classList.toggle('hidden', !on);
      if (on) shown++;
    });
    var failsShown = 0;
    fails.forEach(function (d) {
      var on = f.statuses[d.getAttribute('data-status')] && (f.impl === '' || d.getAttribute('data-impl') === f.impl) && matches(d, f);
      d.classList.toggle('hidden', !on);
      if (on) failsShown++;
    });
    doc.getElementById('shown').textContent = shown + ' of ' + rows.length + ' scenarios shown, ' + failsShown + ' of ' + fails.length + ' failures';
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  doc.querySelector('.matrix').addEventListener('click', function (e) {
    var b = e.target.closest ? e.target.closest('button[data-detail]') : null;
    if (!b) return;
    var d = doc.getElementById(b.getAttribute('data-detail'));
    if (!d) return;
    d.open = !d.open || d.classList.contains('hidden');
    d.classList.remove('hidden');
    b.setAttribute('aria-expanded', String(d.open));
    if (d.open) {
      d.scrollIntoView({ block: 'start' });
      // The address now names this failure, so it can be shared; file: pages may refuse, which is harmless.
      try { history.replaceState(null, '', '#' + d.id); } catch (err) { /* ignore */ }
    }
  });
  // Opened with #f-K-I: show that failure.
  var target = location.hash ? doc.getElementById(location.hash.slice(1)) : null;
  if (target && target.tagName === 'DETAILS') { target.open = true; target.scrollIntoView({ block: 'start' }); }
  fails.forEach(function (d) {
    d.addEventListener('toggle', function () {
      var b = doc.querySelector('button[data-detail="' + d.id + '"]');
      if (b) b.setAttribute('aria-expanded', String(d.open));
    });
  });
  apply();
})();
`;
