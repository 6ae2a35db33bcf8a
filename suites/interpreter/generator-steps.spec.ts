/**
 * Contract 1.10: an async generator the interpreter makes carries `generatorSteps(g)`, synchronous
 * steps of the very body its native generator drives. An adapter may step one way or the other
 * (the model steps synchronously, the JS adapters natively); mixing them must go on with one body,
 * and an adapter that ignores the steps sees the observations it always saw.
 */
import { expect } from 'chai';
import type { Adapter } from '../../harness/contract/adapter.ts';
import { generatorSteps, notSuspended } from '../../harness/contract/no-suspension.ts';
import type { Scenario } from '../../harness/format/scenario.ts';
import { interpret } from '../../harness/interpreter/index.ts';
import { createModelAdapter } from '../../harness/model/adapter.ts';

const SCENARIO = {
  title: 'one generator stepped three times', description: 'contract 1.10',
  spec: { section: 'PEP 567: Rationale (generators are out of scope)', catalog: [98] },
  features: ['vars', 'set', 'defaults', 'async_generators'],
  program: [
    { op: 'var', name: 'v', default: 'd' },
    { op: 'agen_create', name: 'g', body: [
      { op: 'get', var: 'v' }, { op: 'set', var: 'v', value: 'one' }, { op: 'yield' },
      { op: 'get', var: 'v' }, { op: 'set', var: 'v', value: 'two' }, { op: 'yield' },
      { op: 'get', var: 'v' },
    ] },
    { op: 'agen_next', generator: 'g' }, { op: 'get', var: 'v' },
    { op: 'agen_next', generator: 'g' }, { op: 'get', var: 'v' },
    { op: 'agen_next', generator: 'g' }, { op: 'get', var: 'v' },
  ],
} as unknown as Scenario;

const model = () => createModelAdapter({ reference: { name: 'cpython', version: '3.13.0' } }) as unknown as Adapter;

/** The model, with its generators handed over raw and each step taken by `step` (n = 0, 1, 2 …). */
function stepping(step: (g: AsyncGenerator<void, void, void>, n: number) => PromiseLike<IteratorResult<void, void>>, made: unknown[]): Adapter {
  let n = 0;
  return {
    ...model(),
    asyncGenerator: (make: () => AsyncGenerator<void, void, void>) => { const g = make(); made.push(g); return g; },
    asyncGeneratorNext: (g: unknown) => step(g as AsyncGenerator<void, void, void>, n++),
  } as Adapter;
}

const run = async (a: Adapter) => {
  const { trace, problems } = await interpret(a, { id: 'generator-steps', hash: '0', scenario: SCENARIO });
  expect(problems).to.deep.equal([]);
  return trace.observations.map((o) => JSON.stringify([o.task, o.step, o.op, 'value' in o ? o.value : o.error]));
};

describe('interpreter: async generators carry synchronous steps of their body (contract 1.10)', () => {
  it('the generator make() returns carries its steps', async () => {
    const made: unknown[] = [];
    await run(stepping((g) => g.next(), made));
    expect(made).to.have.length(1);
    expect(generatorSteps(made[0])).to.have.property('next').that.is.a('function');
  });

  it('native steps (an adapter that ignores the mark) and synchronous ones observe the same', async () => {
    const native = await run(stepping((g) => g.next(), []));
    const sync = await run(stepping((g) => notSuspended({ ok: true, value: generatorSteps(g)!.next() }), []));
    expect(native.length).to.equal(10);
    expect(sync).to.deep.equal(native);
  });

  it('stepping natively, then synchronously, then natively goes on with one body', async () => {
    const native = await run(stepping((g) => g.next(), []));
    const mixed = await run(stepping((g, n) => (n === 1 ? notSuspended({ ok: true, value: generatorSteps(g)!.next() }) : g.next()), []));
    expect(mixed).to.deep.equal(native);
  });
});
