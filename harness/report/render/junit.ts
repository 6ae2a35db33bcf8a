/**
 * JUnit XML as CI systems read it: one <testsuite> per implementation, one <testcase> per
 * scenario in it. FAIL is a <failure>; ERROR, TIMEOUT, CRASH and PROTOCOL_ERROR are <error>s;
 * UNSUPPORTED, SEMANTICS_DIFFER, SKIPPED and NOT_RUN are <skipped>. With an expectation file, CI reads the
 * XML as the run's exit code does: a failure the file lists is <skipped> ("known failure"), and an
 * unexpected pass is a <failure> unless unexpected passes are allowed.
 */
import { truncate, xml } from './escape.ts';
import { rerunCommand } from './rerun.ts';
import { isFailing, junitOf } from '../../primitives/statuses.ts';
import { expectationText, observationText, REASON_TEXT, verdict, type CellView, type ImplView, type ReportView, type ScenarioView } from './view.ts';

const MAX = 4000;
const attr = (s: string) => xml(truncate(s, MAX));
const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

function body(cell: CellView, s: ScenarioView, impl: ImplView): string {
  const d = cell.divergence;
  const rerun = `rerun: ${rerunCommand(impl.rerun, s.id)}`;
  if (!d) return `${cell.error ?? cell.detail ?? cell.status}\n${rerun}`;
  const lines = [
    `${REASON_TEXT[d.reason]}`,
    `task ${d.task}, ${d.ordered ? 'global index' : 'seq'} ${d.seq}, step ${d.step} of ${s.file}`,
    d.stepSource ? `fixture step: ${d.stepSource}` : '',
    `expected (CPython): ${observationText(d.expected)}`,
    `actual:             ${observationText(d.actual)}`,
    rerun,
  ];
  return lines.filter(Boolean).join('\n');
}

/**
 * `implementation.area`: JUnit readers split a classname at its dots into packages, so the
 * implementation part keeps none ("cpython-3_11_7", "node-als-node-20_20_2-node24").
 */
export function classname(impl: ImplView, s: ScenarioView): string {
  const who = [impl.name, impl.version, impl.runtime].filter(Boolean).join('-').replace(/[.\s]+/g, '_');
  return `${who}.${s.area.replace(/\./g, '_')}`;
}

function testcase(v: ReportView, k: number, cell: CellView, fileOf: (s: ScenarioView) => string | undefined): string {
  const s = v.scenarios[k]!;
  const impl = v.impls[cell.impl]!;
  const file = fileOf(s);
  const open = `    <testcase classname="${attr(classname(impl, s))}" name="${attr(s.id)}"${file !== undefined ? ` file="${attr(file)}"` : ''} time="${seconds(cell.durationMs)}"`;
  const message = attr(cell.detail ?? cell.status);
  const text = xml(truncate(body(cell, s, impl), 20000));
  if (cell.expectation === 'expected' && isFailing(cell.status))
    return `${open}>\n      <skipped message="${attr(`${expectationText(cell)}: ${cell.status} ${cell.detail ?? ''}${cell.expectationNote ? ` (${cell.expectationNote})` : ''}`)}"/>\n    </testcase>`;
  if (cell.expectation === 'unexpected-pass' && verdict(v, cell) === 'error')
    return `${open}>\n      <failure type="UNEXPECTED_PASS" message="${attr(expectationText(cell)!)}">${xml(truncate(cell.expectationNote ?? '', 2000))}</failure>\n    </testcase>`;
  switch (junitOf(cell.status)) {
    case 'passed': return `${open}/>`;
    case 'failure': return `${open}>\n      <failure type="${cell.status}" message="${message}">${text}</failure>\n    </testcase>`;
    case 'skipped':
      return `${open}>\n      <skipped message="${attr(`${cell.status}: ${cell.detail ?? ''}`)}"/>\n    </testcase>`;
    default: return `${open}>\n      <error type="${cell.status}" message="${message}">${text}</error>\n    </testcase>`;
  }
}

/** `fileOf`: the fixture's path relative to the repository running the suite (index.ts), undefined outside it. */
export function renderJunit(v: ReportView, fileOf: (s: ScenarioView) => string | undefined = (s) => s.file): string {
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
      const text = testcase(v, k, cell, fileOf);
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
