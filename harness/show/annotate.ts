/**
 * `pep567 show`'s text: the program with what the reference recorded after each line that
 * observes, then the recorded trace as comments, so the whole output still runs with python3.
 */
import type { Scenario } from '../format/scenario.ts';
import type { Observation, Trace } from '../format/trace.ts';
import { scenarioToPython, type PyLine } from './python.ts';

/** An observation's outcome: the value as JSON, or "Kind: message". */
function outcome(o: Observation): string {
  return o.error ? `${o.error.kind}: ${o.error.message}` : JSON.stringify(o.value ?? null);
}

/** JSON as Python's json.dumps writes it (", " and ": "), so the comment reads like the program's output. */
export function pyJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(pyJson).join(', ')}]`;
  if (x && typeof x === 'object') return `{${Object.entries(x).map(([k, v]) => `${JSON.stringify(k)}: ${pyJson(v)}`).join(', ')}}`;
  return JSON.stringify(x);
}

export interface ShowInput { id: string; scenario: Scenario; reference: string; trace?: Trace; traceFile: string; /** Why the reference could not record it (its unrecorded.json), when it says. */ unrecorded?: string }

export function showText(i: ShowInput): string {
  const at = new Map<string, Observation[]>();
  for (const o of i.trace?.observations ?? []) {
    const key = `${o.step} ${o.op}`;
    at.set(key, [...(at.get(key) ?? []), o]);
  }
  const annotate = (l: PyLine) => {
    const seen = (l.notes ?? []).flatMap((n) => at.get(`${n.step} ${n.op}`) ?? []);
    return seen.length ? `${i.reference}: ${seen.map((o) => `${o.task} #${o.seq} ${o.op === 'end' || o.op === 'try' ? `${o.op} ` : ''}→ ${outcome(o)}`).join('; ')}` : undefined;
  };
  const program = scenarioToPython(i.id, i.scenario, { annotate });
  const trace = i.trace
    ? [`# ---------------------------------------------------------------- recorded by ${i.reference} (${i.traceFile})`,
      ...i.trace.observations.map((o) => `# ${pyJson(o)}`)]
    : [`# ---------------------------------------------------------------- ${i.reference} recorded no trace for it (${i.unrecorded ? `its recorder could not: ${i.unrecorded}` : `${i.traceFile} does not exist: see the scenario's python range`})`];
  return `${program}\n${trace.join('\n')}\n`;
}
