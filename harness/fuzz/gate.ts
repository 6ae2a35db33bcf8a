/**
 * Which operations a campaign may generate: those whose features both the implementation and the
 * oracle declare, and whose version range (the operation table's python/pythonIf) holds the
 * oracle's Python version. Without a gate every operation of the table is allowed (the model
 * declares every feature and follows any version).
 */
import { OPERATIONS } from '../format/operations.ts';
import type { OpName } from '../format/scenario.ts';
import { inRange } from '../primitives/version-range.ts';

export interface Gate {
  /** The features programs may need; undefined: every feature. */
  features?: ReadonlySet<string>;
  /** The Python version programs must run on; undefined: any. */
  python?: string;
}

export const OPEN: Gate = {};

/**
 * Answers per gate, by operation and fields: the builder asks for every operation it makes, and
 * working the answer out each time was about a fifth of the time a program took to build. A gate
 * is not changed once a campaign made it (its features and version are the campaign's).
 */
const answers = new WeakMap<Gate, Map<string, boolean>>();
const last: { gate?: Gate; known?: Map<string, boolean> } = {};

/** Whether an operation, with these optional fields present, may be generated. */
export function allows(gate: Gate, op: OpName, fields: readonly string[] = []): boolean {
  // A program is built under one gate: the last one's answers are kept at hand.
  let known = gate === last.gate ? last.known : answers.get(gate);
  if (!known) answers.set(gate, known = new Map());
  last.gate = gate; last.known = known;
  const key = fields.length ? `${op} ${fields.join(' ')}` : op;
  let ok = known.get(key);
  if (ok === undefined) known.set(key, ok = decide(gate, op, fields));
  return ok;
}

function decide(gate: Gate, op: OpName, fields: readonly string[]): boolean {
  const spec = OPERATIONS[op];
  const probe = Object.fromEntries(fields.map((f) => [f, true]));
  if (gate.features && !spec.featuresOf(probe).every((f) => gate.features!.has(f))) return false;
  return gate.python === undefined || inRange(gate.python, spec.pythonOf(probe));
}

/** The lower bound of a `>=X.Y` range as [X, Y]; other ranges are not in the table. */
const lower = (range: string): [number, number] => {
  const m = /^>=(\d+)\.(\d+)$/.exec(range);
  if (!m) throw new Error(`fuzz: version range ${range} is not of the form >=X.Y`);
  return [Number(m[1]), Number(m[2])];
};

/** The narrowest range the operations' own ranges need (all of the table's are lower bounds). */
export function programRange(ranges: Iterable<string | undefined>): string | undefined {
  let best: [number, number] | undefined;
  for (const r of ranges) {
    if (!r) continue;
    const l = lower(r);
    if (!best || l[0] > best[0] || (l[0] === best[0] && l[1] > best[1])) best = l;
  }
  return best && `>=${best[0]}.${best[1]}`;
}
