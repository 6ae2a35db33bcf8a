/**
 * Regressions from `pep567 fuzz --impl model --oracle cpython --seed 1`: an eager first step that
 * awaits a coroutine that never suspends. CPython's step runs on inside create_task; a JS await
 * resumes the body only in a later microtask, after create_task returned, and the model once ran
 * that rest after the next sibling and in the creator's context (law no-sibling-bleed), or, nested
 * in another eager step, as the running task of nobody (law set-then-reset). Each program is
 * recorded live with CPython 3.13 (pyenv) and the model must give the same observations.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareObservations, formatDivergence } from '../../harness/compare/index.ts';
import type { Scenario } from '../../harness/format/scenario.ts';
import { interpret } from '../../harness/interpreter/index.ts';
import { createModelAdapter } from '../../harness/model/adapter.ts';
import { record } from '../harness/support/recorder.ts';

/** CPython 3.13 from pyenv, the first with the eager factory among the installed ones (python3 is older). */
function python313(): string | undefined {
  try {
    const bin = join(execFileSync('pyenv', ['prefix', '3.13.0'], { encoding: 'utf8' }).trim(), 'bin', 'python');
    return existsSync(bin) ? bin : undefined;
  } catch { return undefined; }
}

const scenario = (features: string[], program: unknown[]): Scenario => ({
  title: 'fuzz regression', description: 'an eager first step that awaits a coroutine that never suspends',
  spec: { section: 'asyncio docs: eager_task_factory', catalog: [121] },
  features, python: '>=3.12', program,
} as unknown as Scenario);

const CASES: { title: string; ordered: boolean; s: Scenario }[] = [
  {
    // seed 1, law no-sibling-bleed, shrunk: G1 ran first and G0's set reached main's context.
    title: 'a gather child\'s first step ends before the next child is made, in its own context',
    ordered: true,
    s: scenario(['vars', 'set', 'defaults', 'gather', 'direct_await', 'eager_tasks', 'context_run', 'mapping', 'errors', 'copy_context', 'done_callback', 'tasks'], [
      { op: 'eager_task_factory' }, { op: 'copy_context', as: 'c0' }, { op: 'var', name: 'v0' },
      { op: 'try', body: [{ op: 'ctx_getitem', context: 'c0', var: 'v0' }] },
      { op: 'try', body: [{ op: 'gather', tasks: [
        { name: 'G0', body: [{ op: 'try', body: [{ op: 'call', body: [] }] }, { op: 'try', body: [{ op: 'set', var: 'v0', value: 424242 }] }] },
        { name: 'G1', body: [] },
      ] }] },
      { op: 'add_done_callback', task: 'G0', name: 'dc2', body: [{ op: 'set', var: 'v0', value: 'done' }] },
      { op: 'try', body: [{ op: 'await_task', task: 'G0' }] },
      { op: 'get', var: 'v0', default: null },
    ]),
  },
  {
    // An eager gather inside an eager task's first step: the grandchild's rest runs in its own
    // context, nested in its parent's (the global order between the two children is not modelled).
    title: 'a gather in an eager first step: each child\'s rest runs in its own context',
    ordered: false,
    s: scenario(['vars', 'set', 'defaults', 'gather', 'direct_await', 'eager_tasks', 'tasks'], [
      { op: 'var', name: 'v', default: 'd' }, { op: 'eager_task_factory' },
      { op: 'create_task', name: 'T0', body: [
        { op: 'gather', tasks: [
          { name: 'G1', body: [{ op: 'call', body: [] }, { op: 'set', var: 'v', value: 'g' }, { op: 'get', var: 'v' }] },
          { name: 'G2', body: [{ op: 'get', var: 'v' }] },
        ] },
        { op: 'get', var: 'v' },
      ] },
      { op: 'get', var: 'v' },
      { op: 'await_task', task: 'T0' },
      { op: 'get', var: 'v' },
    ]),
  },
  {
    // seed 1, law no-sibling-bleed, shrunk: an eager task made in an eager gather child's first
    // step, itself gathering an eager child (the task ends were once lost).
    title: 'an eager task made in an eager gather child\'s first step, gathering an eager child, ends',
    ordered: false,
    s: scenario(['eager_tasks', 'errors', 'gather', 'tasks', 'vars'], [
      { op: 'eager_task_factory' },
      { op: 'try', body: [{ op: 'gather', tasks: [{ name: 'G0', body: [
        { op: 'var', name: 'v0' },
        { op: 'create_task', name: 'T1', body: [{ op: 'gather', tasks: [{ name: 'G2', body: [] }] }] },
      ] }] }] },
    ]),
  },
  {
    // The same with a with_value first: the child's first step goes on past it in its rest, which
    // ended with no further hook and left T1's first step to nobody (main never finished).
    title: 'an eager task made after a with_value in an eager gather child\'s first step ends',
    ordered: false,
    s: scenario(['eager_tasks', 'errors', 'gather', 'scoped_values', 'tasks', 'vars'], [
      { op: 'eager_task_factory' },
      { op: 'try', body: [{ op: 'gather', tasks: [{ name: 'G0', body: [
        { op: 'var', name: 'v0' },
        { op: 'with_value', var: 'v0', value: 424242, body: [] },
        { op: 'create_task', name: 'T1', body: [{ op: 'gather', tasks: [{ name: 'G2', body: [] }] }] },
      ] }] }] },
    ]),
  },
  {
    // run-scoped fuzz seed 1 (worker 2), law interleavings: the with_value's reset after its async
    // body ran as a microtask outside G2's unfinished eager step, in another task's context.
    title: 'a with_value in an eager gather child of an eager task resets in the child\'s own context',
    ordered: false,
    s: scenario(['eager_tasks', 'gather', 'scoped_values', 'tasks', 'vars'], [
      { op: 'eager_task_factory' },
      { op: 'create_task', name: 'T0', body: [{ op: 'gather', tasks: [
        { name: 'G1', body: [] },
        { name: 'G2', body: [{ op: 'var', name: 'v0' }, { op: 'with_value', var: 'v0', value: 'a', body: [] }] },
        { name: 'G3', body: [] },
      ] }] },
    ]),
  },
];

describe('model: the rest of an eager first step (fuzz regressions, live CPython 3.13)', function () {
  this.timeout(60_000);
  const python = python313();
  const dir = mkdtempSync(join(tmpdir(), 'pep567-eager-rest-'));

  CASES.forEach(({ title, ordered, s }, i) => {
    it(title, async function () {
      if (!python) this.skip();
      const file = join(dir, `case-${i}.json`);
      writeFileSync(file, JSON.stringify(s));
      const expected = record(file, python!);
      const adapter = createModelAdapter({ reference: { name: 'cpython', version: expected.implementation.version } });
      const { trace, problems } = await interpret(adapter, { id: expected.scenario, hash: expected.scenarioHash, scenario: s });
      expect(problems).to.deep.equal([]);
      expect(expected.observations.length).to.be.greaterThan(0);
      const c = compareObservations(expected.observations, trace.observations, { level: 'strict', ordered });
      expect(c.pass, c.divergence ? formatDivergence(c.divergence) : '').to.equal(true);
    });
  });
});
