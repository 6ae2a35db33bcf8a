/**
 * Runs a scenario on the slot test double (slot-adapter.ts) and judges it against the reference,
 * noticing a stall at once: a task that lost its context may never set the event another waits
 * for, and then nothing is scheduled while the run is unsettled. A stalled run is judged on the
 * observations made until then, as the harness's STALLED handling does.
 */
import { compareObservations, type Comparison } from '../../../harness/compare/compare.ts';
import type { LoadedScenario } from '../../../harness/scenarios/load.ts';
import type { Observation, Trace } from '../../../harness/format/trace.ts';
import { missingFeatures } from '../../../harness/interpreter/features.ts';
import { interpret, type LiveRun } from '../../../harness/interpreter/interpret.ts';
import type { Adapter } from '../../../harness/contract/adapter.ts';
import { createSlotAdapter, pendingWork as slotPending } from './slot-adapter.ts';

/** A double that loses its context at native awaits, and how much work it has scheduled. */
export interface AwaitLosingDouble { create(): Adapter; pendingWork(): number }
export const SLOT_DOUBLE: AwaitLosingDouble = { create: createSlotAdapter, pendingWork: slotPending };

export interface SlotVerdict {
  status: 'PASS' | 'FAIL' | 'ERROR' | 'UNSUPPORTED';
  stalled: boolean;
  comparison?: Comparison;
  observations: readonly Observation[];
  problems: string[];
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

/** Settles when the double has nothing scheduled (every microtask has run before a timer fires). */
async function stall(pendingWork: () => number): Promise<void> {
  for (;;) {
    await tick();
    if (pendingWork() === 0) return;
  }
}

export async function slotVerdict(s: LoadedScenario, reference: Trace, double: AwaitLosingDouble = SLOT_DOUBLE): Promise<SlotVerdict> {
  const adapter = double.create();
  if (missingFeatures(adapter, s.scenario).length) return { status: 'UNSUPPORTED', stalled: false, observations: [], problems: [] };
  let live: LiveRun | undefined;
  const run = interpret(adapter, { id: s.id, hash: s.hash, scenario: s.scenario }, { onStart: (l) => { live = l; } });
  const first = await Promise.race([run.then((r) => ({ r })), stall(double.pendingWork).then(() => undefined)]);
  const observations = first ? first.r.trace.observations : live!.observations().slice();
  const problems = first ? first.r.problems.map((p) => p.message) : [];
  if (problems.length) return { status: 'ERROR', stalled: false, observations, problems };
  const comparison = compareObservations(reference.observations, [...observations], { level: 'semantic', ordered: (s.scenario.flags ?? []).includes('ordered') });
  return { status: comparison.pass ? 'PASS' : 'FAIL', stalled: !first, comparison, observations, problems };
}
