/**
 * JUnit XML as CI systems read it: one <testsuite> per implementation, one <testcase> per
 * scenario in it. FAIL is a <failure>; ERROR, TIMEOUT, CRASH and PROTOCOL_ERROR are <error>s;
 * UNSUPPORTED, SEMANTICS_DIFFER, SKIPPED and NOT_RUN are <skipped>. With an expectation file, CI reads the
 * XML as the run's exit code does: a failure the file lists is <skipped> ("known failure"), and an
 * unexpected pass is a <failure> unless unexpected passes are allowed.
 */
import { truncate, xml } from './escape.ts';
import { BROKEN, expectationText, observationText, REASON_TEXT, verdict, type CellView, type ReportView, type ScenarioView } from './view.ts';

const MAX = 4000;
const attr = (s: string) => xml(truncate(s, MAX));
const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

function body(cell: CellView, s: ScenarioView): string {
  const d = cell.divergence;
  if (!d) return cell.error ?? cell.detail ?? cell.status;
  const lines = [
    `${REASON_TEXT[d.reason]}`,
    `task ${d.task}, ${d.ordered ? 'global index' : 'seq'} ${d.seq}, step ${d.step} of ${s.file}`,
    d.stepSource ? `fixture step: ${d.stepSource}` : '',
    `expected (CPython): ${observationText(d.expected)}`,
    `actual:             ${observationText(d.actual)}`,
  ];
  return lines.filter(Boolean).join('\n');
}

function testcase(v: ReportView, k: number, cell: CellView): string {
  const s = v.scenarios[k]!;
  const impl = v.impls[cell.impl]!;
  const open = `    <testcase classname="${attr(`${impl.label}.${s.area}`)}" name="${attr(s.id)}" file="${attr(s.file)}" time="${seconds(cell.durationMs)}"`;
  const message = attr(cell.detail ?? cell.status);
  const text = xml(truncate(body(cell, s), 20000));
  if (cell.expectation === 'expected' && BROKEN.includes(cell.status))
    return `${open}>\n      <skipped message="${attr(`${expectationText(cell)}: ${cell.status} ${cell.detail ?? ''}${cell.expectationNote ? ` (${cell.expectationNote})` : ''}`)}"/>\n    </testcase>`;
  if (cell.expectation === 'unexpected-pass' && verdict(v, cell) === 'error')
    return `${open}>\n      <failure type="UNEXPECTED_PASS" message="${attr(expectationText(cell)!)}">${xml(truncate(cell.expectationNote ?? '', 2000))}</failure>\n    </testcase>`;
  switch (cell.status) {
    case 'PASS': return `${open}/>`;
    case 'FAIL': return `${open}>\n      <failure type="${cell.status}" message="${message}">${text}</failure>\n    </testcase>`;
    case 'UNSUPPORTED': case 'SEMANTICS_DIFFER': case 'SKIPPED': case 'NOT_RUN':
      return `${open}>\n      <skipped message="${attr(`${cell.status}: ${cell.detail ?? ''}`)}"/>\n    </testcase>`;
    default: return `${open}>\n      <error type="${cell.status}" message="${message}">${text}</error>\n    </testcase>`;
  }
}

export function renderJunit(v: ReportView): string {
  const suites: string[] = [];
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0 };
  for (const impl of v.impls) {
    const cases: string[] = [];
    const n = { tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0 };
    v.scenarios.forEach((_, k) => {
      const cell = v.cells[k]![impl.index];
      if (!cell) return;
      n.tests++;
      n.ms += cell.durationMs ?? 0;
      const text = testcase(v, k, cell);
      // Counted from what was written, so the totals always agree with the elements.
      if (text.includes('<failure ')) n.failures++;
      else if (text.includes('<skipped ')) n.skipped++;
      else if (text.includes('<error ')) n.errors++;
      cases.push(text);
    });
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += n[key];
    suites.push(
      `  <testsuite name="${attr(impl.label)}" tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}" time="${seconds(n.ms)}" timestamp="${attr(v.createdAt)}">\n` +
      `    <properties>\n      <property name="implementation" value="${attr(impl.spec)}"/>\n      <property name="reference" value="${attr(impl.reference)}"/>\n      <property name="level" value="${attr(impl.level)}"/>\n    </properties>\n` +
      `${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pep567-conformance" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="${seconds(total.ms)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
