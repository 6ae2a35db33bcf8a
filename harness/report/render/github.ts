/**
 * GitHub Actions output: one workflow command per failing cell, pointing at the fixture (and at the
 * line of the divergent step when the fixture can be read): `::error`, or `::warning` for a failure
 * the expectations list; `::error` for an unexpected pass (`::warning` when allowed); `::warning`s
 * for results that flip between repetitions; at most ANNOTATIONS_PER_IMPLEMENTATION per implementation,
 * then one summary notice. Fixture paths are relative to the repository running the suite. The
 * step summary is the Markdown summary.
 */
import { ghData, ghProperty, truncate } from './escape.ts';
import { rerunCommand } from './rerun.ts';
import { addUp, totalsOf } from '../../primitives/statuses.ts';
import { expectationText, failures, observationText, REASON_TEXT, unexpectedPasses, verdict, type ReportView, type ScenarioView } from './view.ts';

export interface GithubOptions {
  /** Line of a step inside a fixture file, when known. */
  lineOf?: (file: string, step: string) => number | undefined;
  /** The fixture's path relative to the repository running the suite, or undefined when it lies outside it. */
  fileOf?: (scenario: ScenarioView) => string | undefined;
  /** Annotations per implementation; the rest are counted in the summary (GitHub shows 10 errors and 10 warnings per step). */
  perImplementation?: number;
}

export const ANNOTATIONS_PER_IMPLEMENTATION = 10;

export function renderGithubAnnotations(v: ReportView, o: GithubOptions = {}): string {
  const lines: string[] = [];
  const max = o.perImplementation ?? ANNOTATIONS_PER_IMPLEMENTATION;
  const fileOf = o.fileOf ?? ((s: ScenarioView) => s.file);
  const bad = [...failures(v), ...unexpectedPasses(v)];
  const left: string[] = [];
  for (const impl of v.impls) {
    const mine = bad.filter((b) => b.impl.index === impl.index);
    for (const { scenario, cell } of mine.slice(0, max)) {
      const props: string[] = [];
      const file = fileOf(scenario);
      if (file !== undefined) props.push(`file=${ghProperty(file)}`);
      const known = expectationText(cell);
      const d = cell.divergence;
      const line = d && file !== undefined ? o.lineOf?.(scenario.file, d.step) : undefined;
      if (line !== undefined) props.push(`line=${line}`);
      props.push(`title=${ghProperty(truncate(`${cell.status} ${scenario.id} on ${impl.label}`, 200))}`);
      const rerun = rerunCommand(impl.rerun, scenario.id);
      const msg = (d
        ? `${scenario.title}\n${REASON_TEXT[d.reason]} (task ${d.task}, step ${d.step})\nexpected (CPython): ${observationText(d.expected)}\nactual: ${observationText(d.actual)}`
        : `${scenario.title}\n${cell.detail ?? cell.status}`) + (known ? `\n${known}${cell.expectationNote ? `: ${cell.expectationNote}` : ''}` : '') + `\nrerun: ${rerun}`;
      lines.push(`::${verdict(v, cell) ?? 'notice'} ${props.join(',')}::${ghData(truncate(msg, 2000))}`);
    }
    if (mine.length > max) left.push(`${mine.length - max} more on ${impl.label}`);
  }
  v.scenarios.forEach((scenario, k) => {
    for (const cell of v.cells[k]!) {
      if (!cell?.unstable) continue;
      const file = fileOf(scenario);
      const title = `unstable ${scenario.id} on ${v.impls[cell.impl]!.label}`;
      lines.push(`::warning ${file !== undefined ? `file=${ghProperty(file)},` : ''}title=${ghProperty(truncate(title, 200))}::${ghData(`statuses across repetitions: ${cell.unstable.join(', ')}`)}`);
    }
  });
  // One summary, always: the counts, and what the per-implementation limit left out of the annotations.
  const t = totalsOf(addUp(v.counts));
  const summary = `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped over ${v.impls.length} implementation(s)` +
    (left.length ? `; not annotated: ${left.join(', ')} (every failure is in the report)` : '');
  lines.push(`::notice title=PEP 567 conformance::${ghData(truncate(summary, 2000))}`);
  return lines.join('\n') + '\n';
}

/** The line (1-based) where the operation a JSON pointer names starts in a fixture's text, found by walking its arrays. */
export function lineOfStep(text: string, step: string): number | undefined {
  // Fixtures are written one operation per line or as indented JSON; find the "op" keys in document
  // order and map the pointer's array indices onto them by parsing positions.
  let data: unknown;
  try { data = JSON.parse(text); } catch { return undefined; }
  const ops: { pointer: string }[] = [];
  const walk = (node: unknown, pointer: string) => {
    if (Array.isArray(node)) node.forEach((x, i) => walk(x, `${pointer}/${i}`));
    else if (node && typeof node === 'object') {
      if ('op' in node) ops.push({ pointer });
      for (const [k, x] of Object.entries(node)) if (typeof x === 'object') walk(x, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(data, '');
  const index = ops.findIndex((x) => x.pointer === step);
  if (index < 0) return undefined;
  // The n-th `"op"` key in the text is the n-th operation in document order (keys keep their order).
  const re = /"op"\s*:/g;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(text))) {
    if (n === index) return text.slice(0, m.index).split('\n').length;
    n++;
  }
  return undefined;
}
