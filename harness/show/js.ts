/**
 * `pep567 show ID --js --impl ADAPTER`: one standalone ES module that imports the user's adapter
 * and runs the scenario through the contract with the same await points as the harness (the
 * harness's own interpreter, from the installed package), printing each observation beside what
 * CPython recorded there. A file a library author can attach to a bug report: `node repro.mjs`.
 */
import type { Scenario } from '../format/scenario.ts';
import type { Observation } from '../format/trace.ts';

export interface JsReproInput {
  id: string;
  hash: string;
  scenario: Scenario;
  /** The CPython trace's observations, and the reference they come from. */
  expected: readonly Observation[];
  reference: { dir: string; name: string; version: string };
  /** The adapter module, as a file URL. */
  adapter: string;
  /** The harness entry (the package's index), as a file URL: used when `pep567-conformance` does not resolve from the module's folder. */
  harness: string;
}

/** The line each observation prints as: its JSON, as a trace holds it. */
export const observationJson = (o: Observation): string =>
  JSON.stringify({ task: o.task, seq: o.seq, step: o.step, op: o.op, ...(o.error ? { error: o.error } : { value: o.value ?? null }) });

export function scenarioToJs(i: JsReproInput): string {
  const j = (v: unknown) => JSON.stringify(v);
  return `// ${i.id}: ${i.scenario.title.replace(/\n/g, ' ')}
// Written by \`pep567 show ${i.id} --js\`. Run it with \`node\` where pep567-conformance is installed:
// it creates the adapter below, runs the scenario through the adapter contract with the harness's
// interpreter (each Python await is one native await, nothing else is awaited), and prints every
// observation as JSON, with what CPython (${i.reference.dir}) recorded for that task and position.
const ADAPTER = ${j(i.adapter)};
const HARNESS = ${j(i.harness)};
const scenario = ${j(i.scenario)};
const cpython = ${j(i.expected)};

let harness;
try { harness = await import('pep567-conformance'); } catch { harness = await import(HARNESS); }
const mod = await import(ADAPTER);
const made = mod.createAdapter ?? mod.default;
const adapter = typeof made === 'function' ? await made({ reference: ${j({ name: i.reference.name, version: i.reference.version })} }) : made;
const { trace, problems } = await harness.interpret(adapter, { id: ${j(i.id)}, hash: ${j(i.hash)}, scenario });
const show = (o) => JSON.stringify({ task: o.task, seq: o.seq, step: o.step, op: o.op, ...(o.error ? { error: o.error } : { value: o.value ?? null }) });
const key = (o) => o.task + '#' + o.seq;
const reference = new Map(cpython.map((o) => [key(o), o]));
for (const o of trace.observations) {
  const e = reference.get(key(o));
  console.log(show(o) + '  # CPython: ' + (e ? show(e) : '(nothing)'));
}
const made_ = new Set(trace.observations.map(key));
for (const e of cpython) if (!made_.has(key(e))) console.log('(nothing)  # CPython: ' + show(e));
for (const p of problems) console.log('problem: ' + p.message);
const cmp = harness.compareObservations(cpython, trace.observations, { level: 'semantic', ordered: ${(i.scenario.flags ?? []).includes('ordered')} });
console.log(cmp.pass ? 'same observations as CPython (semantic level)' : 'first divergence:\\n' + harness.formatDivergence(cmp.divergence));
`;
}
