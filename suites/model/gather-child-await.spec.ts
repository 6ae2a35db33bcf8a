/**
 * Regressions from `pep567 fuzz --oracle cpython`: awaiting a gather child that is still pending.
 * The interpreter once waited for a gather child through a promise the child's own body settled, so
 * the waiter resumed inside the child's step and ran its next operations in the child's context,
 * ahead of the child's done-callbacks (since contract 1.3, gather hands back the child tasks and
 * await_task awaits the task itself; 1.0–1.2 adapters keep the old path). Each program is recorded live with python3 and the
 * model, following that version, must give the same observations in the same global order.
 */
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareObservations, formatDivergence } from '../../harness/compare/index.ts';
import type { Scenario } from '../../harness/format/scenario.ts';
import { interpret } from '../../harness/interpreter/index.ts';
import { createModelAdapter } from '../../harness/model/adapter.ts';
import { record } from '../harness/support/recorder.ts';

const scenario = (features: string[], program: unknown[], python?: string): Scenario => ({
  title: 'fuzz regression', description: 'awaiting a pending gather child',
  spec: { section: 'PEP 567: asyncio support', catalog: [] },
  features, ...(python ? { python } : {}), program,
} as unknown as Scenario);

const CASES: Record<string, Scenario> = {
  // fuzz seed 1, program 9145, shrunk: main resets its own token after awaiting G0, which a failed
  // gather left pending inside a task group; the model ran the reset in G0's context.
  'a reset after awaiting a pending gather child runs in main\'s context': scenario(
    ['vars', 'tokens', 'gather', 'task_group', 'errors'],
    [
      { op: 'task_group', name: 'g0', body: [{ op: 'var', name: 'v0' }, { op: 'set', var: 'v0', value: 0, token: 't0' }] },
      { op: 'try', body: [{ op: 'gather', tasks: [
        { name: 'G0', body: [{ op: 'task_group', name: 'g1', body: [{ op: 'try', body: [{ op: 'gather', tasks: [{ name: 'G1', body: [] }] }] }] }] },
        { name: 'G2', body: [{ op: 'reset', var: 'v0', token: 't0' }] },
      ] }] },
      { op: 'try', body: [{ op: 'await_task', task: 'G0' }] },
      { op: 'try', body: [{ op: 'reset', var: 'v0', token: 't0' }] },
    ],
    '>=3.11',
  ),
  // asyncio wakes the waiter after the gather's own done-callback, which wakes X first: X's write
  // to the shared context is what the task main creates next reads.
  'the waiter wakes after the gather child\'s own done-callbacks': scenario(
    ['vars', 'defaults', 'context_new', 'context_run', 'tasks', 'gather', 'sleep'],
    [
      { op: 'var', name: 'v', default: 'none' },
      { op: 'new_context', as: 'c' },
      { op: 'create_task', name: 'X', body: [
        { op: 'gather', tasks: [{ name: 'G0', body: [{ op: 'sleep' }] }] },
        { op: 'run', context: 'c', body: [{ op: 'set', var: 'v', value: 'x' }] },
      ] },
      { op: 'sleep' },
      { op: 'await_task', task: 'G0' },
      { op: 'create_task', name: 'T', body: [{ op: 'run', context: 'c', body: [{ op: 'get', var: 'v' }] }] },
      { op: 'await_task', task: 'T' },
      { op: 'await_task', task: 'X' },
    ],
  ),
};

describe('model: awaiting a pending gather child (fuzz regressions, live python3)', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'pep567-gather-child-'));

  Object.entries(CASES).forEach(([title, s], i) => {
    it(title, async () => {
      const file = join(dir, `case-${i}.json`);
      writeFileSync(file, JSON.stringify(s));
      const expected = record(file);
      const adapter = createModelAdapter({ reference: { name: 'cpython', version: expected.implementation.version } });
      const { trace, problems } = await interpret(adapter, { id: expected.scenario, hash: expected.scenarioHash, scenario: s });
      expect(problems).to.deep.equal([]);
      expect(expected.observations.length).to.be.greaterThan(0);
      const c = compareObservations(expected.observations, trace.observations, { level: 'strict', ordered: true });
      expect(c.pass, c.divergence ? formatDivergence(c.divergence) : '').to.equal(true);
    });
  });
});
