import { expect } from 'chai';
import fc from 'fast-check';
import { programArb, scenarioArb, sizeOf } from '../../harness/fuzz/arbitraries.ts';
import { toScenario } from '../../harness/fuzz/build.ts';
import { FEATURES, problemsOf } from '../../harness/scenarios/validate.ts';
import { walk } from '../../harness/format/operations.ts';
import type { AnyOp } from '../../harness/format/scenario.ts';

/** Operation names main itself runs in a body: not those of the tasks and callbacks it creates. */
const inline = (body: AnyOp[]): string[] => body.flatMap((op) => [op.op,
  ...(op.op === 'try' || op.op === 'call' || op.op === 'run' || op.op === 'task_group' ? inline(op.body as AnyOp[]) : [])]);

const SAMPLE = fc.sample(scenarioArb(), { numRuns: 2000, seed: 4242 });

describe('properties: program generators', () => {
  it('2,000 generated scenarios pass the schema and the semantic checks', () => {
    for (const s of SAMPLE) {
      const problems = problemsOf(JSON.parse(JSON.stringify(s)));
      expect(problems, JSON.stringify(s.program)).to.deep.equal([]);
    }
  });

  it('uses no python-only feature; asks for 3.12 exactly with eager tasks, else 3.11 exactly with task context= or task groups', () => {
    for (const s of SAMPLE) {
      expect(s.features.filter((f) => FEATURES[f]?.pythonOnly)).to.deep.equal([]);
      expect(s.flags).to.equal(undefined);
      const needs312 = s.features.includes('eager_tasks');
      const needs311 = s.features.includes('task_context') || s.features.includes('task_group');
      expect(s.python).to.equal(needs312 ? '>=3.12' : needs311 ? '>=3.11' : undefined);
    }
  });

  it('covers every operation the brief asks for', () => {
    const seen = new Set<string>();
    for (const s of SAMPLE) for (const { op } of walk(s.program as AnyOp[])) {
      seen.add(op.op);
      if (op.op === 'create_task' && op.context) seen.add('create_task/context');
      if (op.op === 'create_task' && op.group) seen.add('create_task/group');
      if (op.op === 'call_soon' && op.context) seen.add('call_soon/context');
      if (op.op === 'get' && 'default' in op) seen.add('get/default');
      if (op.op === 'var' && 'default' in op) seen.add('var/default');
    }
    for (const s of SAMPLE) {
      const k = s.program.findIndex((op) => op.op === 'eager_task_factory');
      if (k > 0 && s.program[k - 1]!.op === 'create_task') seen.add('eager_task_factory/after-a-task');
      const ops = [...walk(s.program as AnyOp[])].map(({ op }) => op);
      const scoped = new Set(ops.flatMap((op) => (op.op === 'with_value' ? [op.var] : [])));
      if (ops.some((op) => op.op === 'set' && scoped.has(op.var))) seen.add('with_value+set');
    }
    for (const want of ['var', 'var/default', 'get', 'get/default', 'set', 'reset', 'token_var', 'token_old_value',
      'copy_context', 'new_context', 'ctx_copy', 'run', 'ctx_getitem', 'ctx_contains', 'ctx_get', 'ctx_len',
      'ctx_keys', 'ctx_values', 'ctx_items', 'ctx_eq', 'raise', 'try', 'create_task', 'create_task/context',
      'create_task/group', 'call_soon', 'call_soon/context', 'sleep', 'await_task', 'call', 'gather',
      'task_group', 'event_set', 'event_wait', 'add_done_callback', 'eager_task_factory', 'eager_task_factory/after-a-task',
      'with_value', 'with_value+set']) expect([...seen], want).to.include(want);
  });

  it('resets tokens in the wrong task both ways: a creator\'s in its task, and an awaited task\'s in its awaiter', () => {
    let down = 0, up = 0;
    for (const s of SAMPLE) {
      const all = [...walk(s.program as AnyOp[])].map(({ op }) => op);
      for (const op of all) {
        if (op.op !== 'create_task') continue;
        const inTask = new Set([...walk(op.body)].map(({ op: o }) => o));
        const tokensIn = new Set([...inTask].flatMap((o) => (o.op === 'set' && o.token ? [o.token] : [])));
        const tokensOut = new Set(all.filter((o) => !inTask.has(o)).flatMap((o) => (o.op === 'set' && o.token ? [o.token] : [])));
        if ([...inTask].some((o) => o.op === 'reset' && tokensOut.has(o.token))) down++;
        if (all.some((o) => !inTask.has(o) && o.op === 'reset' && tokensIn.has(o.token))) up++;
      }
    }
    expect(down, 'tokens reset in a task they were not made in').to.be.greaterThan(50);
    expect(up, 'tokens of an awaited task reset by its awaiter').to.be.at.least(1);
  });

  it('every event_wait has an event_set in main that comes before main can block', () => {
    for (const s of SAMPLE) {
      const waits = new Set<string>();
      for (const { op } of walk(s.program as AnyOp[])) if (op.op === 'event_wait') waits.add(op.event);
      for (const e of waits) {
        const setAt = s.program.findIndex((o) => o.op === 'event_set' && o.event === e);
        const madeAt = s.program.findIndex((o) => o.op === 'create_task' && JSON.stringify(o.body).includes(`"event":"${e}"`));
        expect(setAt, e).to.be.greaterThan(madeAt);
        expect(madeAt, e).to.be.at.least(0);
        const blocking = inline(s.program.slice(madeAt + 1, setAt) as AnyOp[])
          .filter((o) => ['await_task', 'call', 'gather', 'task_group', 'event_wait'].includes(o));
        expect(blocking).to.deep.equal([]);
      }
    }
  });

  it('stays bounded in size', () => {
    for (const s of SAMPLE) expect(sizeOf(s.program)).to.be.below(200);
  });

  it('shrinks a failing program to a small valid one', () => {
    // A property that fails on any program resetting a token in a task: the counterexample
    // must shrink to a handful of operations and still be a valid scenario.
    const hasTaskReset = (p: AnyOp[]) => [...walk(p)].some(({ op }) => op.op === 'create_task' && [...walk(op.body)].some((x) => x.op.op === 'reset'));
    const out = fc.check(fc.property(programArb(), (p) => !hasTaskReset(p as AnyOp[])), { seed: 7, numRuns: 2000 });
    expect(out.failed).to.equal(true);
    const shrunk = out.counterexample![0];
    expect(problemsOf(JSON.parse(JSON.stringify(toScenario(shrunk))))).to.deep.equal([]);
    expect(sizeOf(shrunk), JSON.stringify(shrunk)).to.be.at.most(10);
  });
});
