/** Human-readable text for a divergence: what CPython did, what the implementation did, and the neighbourhood. */
import { LIBRARY_ERROR, NO_CONTEXT } from '../contract/adapter.ts';
import type { Observation } from '../format/trace.ts';
import type { Divergence, MessageDifference } from './compare.ts';

const REASONS: Record<Divergence['reason'], string> = {
  missing: 'the implementation made no such observation',
  extra: 'the implementation made an observation CPython did not',
  task: 'a different task made the observation (global order differs)',
  op: 'a different operation was observed',
  step: 'the observation comes from a different fixture step',
  value: 'the value differs',
  'error-expected': 'CPython raised an error here; the implementation did not',
  'value-expected': 'the implementation raised an error here; CPython did not',
  kind: 'the error kind differs',
  message: 'the error message differs',
};

export function showObservation(o: Observation | undefined): string {
  if (!o) return '(nothing)';
  const what = o.error ? `${o.error.kind}: ${o.error.message}` : JSON.stringify(o.value);
  return `${o.task}#${o.seq} ${o.step} ${o.op} → ${what}`;
}

/** What CPython did at an observation, in words: "read 3", "raised LookupError", "ended the task normally". */
function cpythonDid(o: Observation | undefined): string {
  if (!o) return 'made no observation here';
  if (o.error) return `raised ${o.error.kind}`;
  if (o.op === 'end') return 'ended the task normally';
  if (o.op === 'try') return 'completed the try';
  return `read ${JSON.stringify(o.value)}`;
}

/** The headline of a divergence; an implementation that lost its context says so (NO_CONTEXT, contract 1.3),
 * one whose library raised an error CPython has no class for too (LIBRARY_ERROR, 1.5). */
export function divergenceHeadline(d: Divergence): string {
  if (d.actual?.error?.kind === NO_CONTEXT) return `no context here; CPython ${cpythonDid(d.expected)}`;
  if (d.actual?.error?.kind === LIBRARY_ERROR) {
    const did = d.expected?.error ? `raised ${d.expected.error.kind}` : 'raised nothing';
    return `raised ${LIBRARY_ERROR}: ${d.actual.error.message} where CPython ${did}`;
  }
  return REASONS[d.reason];
}

export function formatDivergence(d: Divergence, indent = '  '): string {
  const lines = [
    `${indent}task ${d.task}, ${d.ordered ? 'global index' : 'seq'} ${d.seq}, step ${d.step}: ${divergenceHeadline(d)}`,
    `${indent}  expected (CPython): ${showObservation(d.expected)}`,
    `${indent}  actual:             ${showObservation(d.actual)}`,
    `${indent}  around it (expected | actual):`,
  ];
  for (const r of d.context) lines.push(`${indent}  ${r.divergent ? '>' : ' '} ${showObservation(r.expected)}  |  ${showObservation(r.actual)}`);
  return lines.join('\n');
}

export function formatMessageDifference(m: MessageDifference, indent = '  '): string {
  return `${indent}${m.task}#${m.seq} ${m.step} ${m.op} ${m.kind}\n${indent}  expected: ${m.expected}\n${indent}  actual:   ${m.actual}`;
}
