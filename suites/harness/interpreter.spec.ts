import { expect } from 'chai';
import { NO_CONTEXT, NoContextError, type Adapter } from '../../harness/contract/adapter.ts';
import type { PromiseEvent } from '../../harness/adapters/event.ts';
import { scenarioHash } from '../../harness/primitives/canonical.ts';
import type { AsyncOp, Scenario } from '../../harness/format/scenario.ts';
import type { Observation } from '../../harness/format/trace.ts';
import { interpret, type LiveRun } from '../../harness/interpreter/interpret.ts';
import { missingFeatures, usableFeatures } from '../../harness/interpreter/features.ts';
import { ScenarioRaise, UNMAPPED } from '../../harness/interpreter/errors.ts';
import { createTestAdapter } from './support/als-adapter.ts';

const scenario = (program: AsyncOp[]): Scenario => ({ title: 't', spec: { section: 's', catalog: [] }, features: [], program });
const strip = (o: Observation[]) => o.map(({ task, seq, step, op, value, error }) => (error ? [task, seq, step, op, error.kind] : [task, seq, step, op, value]));

async function observe(program: AsyncOp[], adapter: Adapter = createTestAdapter()) {
  const s = scenario(program);
  return interpret(adapter, { id: 'test/x', hash: scenarioHash(s), scenario: s });
}

describe('interpreter', () => {
  it('records values with task path, per-task seq, step and op, and an end for main', async () => {
    const r = await observe([
      { op: 'var', name: 'v', default: 7 },
      { op: 'get', var: 'v' },
      { op: 'set', var: 'v', value: 1, token: 't' },
      { op: 'token_old_value', token: 't' },
      { op: 'token_var', token: 't' },
      { op: 'get', var: 'v', default: null },
    ]);
    expect(r.problems).to.deep.equal([]);
    expect(strip(r.trace.observations)).to.deep.equal([
      ['main', 0, '/program/1', 'get', 7],
      ['main', 1, '/program/3', 'token_old_value', { $missing: true }],
      ['main', 2, '/program/4', 'token_var', { $var: 'v' }],
      ['main', 3, '/program/5', 'get', 1],
      ['main', 4, '/program', 'end', null],
    ]);
    expect(r.trace).to.include({ format: 'pep567-trace/1', scenario: 'test/x', recorder: '1.1.0' });
  });

  it('records NaN, the infinities and undefined as foreign values, never as null (which would equal None)', async () => {
    for (const bad of [NaN, Infinity, -Infinity, undefined]) {
      const base = createTestAdapter();
      const r = await observe([{ op: 'var', name: 'v' }, { op: 'get', var: 'v', default: null }], { ...base, get: () => bad as never });
      const got = r.trace.observations[0]!;
      expect(got.value, String(bad)).to.deep.equal({ $js: String(bad) });
      expect(JSON.parse(JSON.stringify(got)).value, String(bad)).to.not.equal(null);
    }
  });

  it('sorts keys, values and items by variable name whatever order the adapter gives', async () => {
    const r = await observe([
      { op: 'var', name: 'b' }, { op: 'var', name: 'a' }, { op: 'var', name: 'c' },
      { op: 'set', var: 'b', value: 2 }, { op: 'set', var: 'a', value: 1 }, { op: 'set', var: 'c', value: 3 },
      { op: 'copy_context', as: 'k' },
      { op: 'ctx_keys', context: 'k' }, { op: 'ctx_values', context: 'k' }, { op: 'ctx_items', context: 'k' },
    ], createTestAdapter({}, { reverseKeys: true }));
    expect(r.trace.observations.slice(0, 3).map((o) => o.value)).to.deep.equal([
      [{ $var: 'a' }, { $var: 'b' }, { $var: 'c' }],
      [1, 2, 3],
      [[{ $var: 'a' }, 1], [{ $var: 'b' }, 2], [{ $var: 'c' }, 3]],
    ]);
  });

  it('records try as null or the error, raise carries kind and message, and errors end their task', async () => {
    const r = await observe([
      { op: 'var', name: 'v' },
      { op: 'try', body: [{ op: 'get', var: 'v' }] },
      { op: 'try', body: [{ op: 'raise', kind: 'ValueError', message: 'boom 0x1f' }] },
      { op: 'try', body: [] },
      { op: 'create_task', name: 'A', body: [{ op: 'raise', kind: 'TypeError', message: 'in A' }] },
      { op: 'try', body: [{ op: 'await_task', task: 'A' }] },
      { op: 'raise', kind: 'RuntimeError', message: 'main fails' },
      { op: 'get', var: 'v' },
    ]);
    expect(r.problems).to.deep.equal([]);
    expect(r.trace.observations.map((o) => [o.task, o.step, o.op, o.error ?? o.value])).to.deep.equal([
      ['main', '/program/1', 'try', { kind: 'LookupError', message: "<ContextVar name='v' at 0x…>" }],
      ['main', '/program/2', 'try', { kind: 'ValueError', message: 'boom 0x…' }],
      ['main', '/program/3', 'try', null],
      ['main/A', '/program/4', 'end', { kind: 'TypeError', message: 'in A' }],
      ['main', '/program/5', 'try', { kind: 'TypeError', message: 'in A' }],
      ['main', '/program', 'end', { kind: 'RuntimeError', message: 'main fails' }],
    ]);
  });

  it('gives tasks, callbacks and gather children paths under their creator; call keeps the caller path', async () => {
    const r = await observe([
      { op: 'var', name: 'v', default: 0 },
      { op: 'create_task', name: 'A', body: [
        { op: 'create_task', name: 'B', body: [{ op: 'get', var: 'v' }] },
        { op: 'call', body: [{ op: 'get', var: 'v' }] },
      ] },
      { op: 'call_soon', name: 'cb', body: [{ op: 'get', var: 'v' }] },
      { op: 'gather', tasks: [{ name: 'G', body: [{ op: 'get', var: 'v' }] }] },
    ]);
    const ends = r.trace.observations.filter((o) => o.op === 'end').map((o) => [o.task, o.step]).sort();
    expect(ends).to.deep.equal([
      ['main', '/program'], ['main/A', '/program/1'], ['main/A/B', '/program/1/body/0'],
      ['main/G', '/program/3/tasks/0'], ['main/cb', '/program/2'],
    ]);
    const gets = r.trace.observations.filter((o) => o.op === 'get').map((o) => [o.task, o.seq, o.step]).sort();
    expect(gets).to.deep.equal([
      ['main/A', 0, '/program/1/body/1/body/0'], ['main/A/B', 0, '/program/1/body/0/body/0'],
      ['main/G', 0, '/program/3/tasks/0/body/0'], ['main/cb', 0, '/program/2/body/0'],
    ]);
  });

  it('drains at the end of main: unawaited tasks in creation order, then callbacks; failures stay in their end', async () => {
    const r = await observe([
      { op: 'create_task', name: 'A', body: [{ op: 'sleep' }, { op: 'raise', kind: 'ValueError', message: 'late' }] },
      { op: 'create_task', name: 'B', body: [{ op: 'sleep' }, { op: 'sleep' }] },
      { op: 'call_soon', name: 'cb', body: [] },
    ]);
    expect(r.problems).to.deep.equal([]);
    const main = r.trace.observations.findIndex((o) => o.task === 'main');
    expect(r.trace.observations[main]).to.deep.include({ op: 'end', value: null });
    expect(r.trace.observations.filter((o) => o.op === 'end').map((o) => o.task).sort()).to.deep.equal(['main', 'main/A', 'main/B', 'main/cb']);
    expect(r.trace.observations.find((o) => o.task === 'main/A')?.error).to.deep.equal({ kind: 'ValueError', message: 'late' });
  });

  it('runs generator bodies for whoever resumes them', async () => {
    const r = await observe([
      { op: 'var', name: 'v', default: 0 },
      { op: 'gen_create', name: 'g', body: [{ op: 'get', var: 'v' }, { op: 'yield' }, { op: 'get', var: 'v' }] },
      { op: 'gen_next', generator: 'g' },
      { op: 'create_task', name: 'A', body: [{ op: 'set', var: 'v', value: 5 }, { op: 'gen_next', generator: 'g' }] },
      { op: 'await_task', task: 'A' },
    ]);
    const gets = r.trace.observations.filter((o) => o.op === 'get').map((o) => [o.task, o.step, o.value]);
    expect(gets).to.deep.equal([['main', '/program/1/body/0', 0], ['main/A', '/program/1/body/2', 5]]);
  });

  it('records an error the adapter cannot classify as Unmapped and reports the problem', async () => {
    const r = await observe([{ op: 'var', name: 'v' }, { op: 'try', body: [{ op: 'get', var: 'v' }] }], createTestAdapter({}, { unclassifiedLookup: true }));
    expect(r.trace.observations[0]!.error).to.deep.equal({ kind: UNMAPPED, message: 'Error: nothing there' });
    expect(r.problems).to.have.length(1);
    expect(r.problems[0]!.stack).to.contain('nothing there');
  });

  it('classifies the scenario raise before asking the adapter', async () => {
    let asked = 0;
    const a = createTestAdapter();
    const classify = a.classifyError;
    a.classifyError = (e) => { asked++; return e instanceof ScenarioRaise ? { kind: 'Wrong', message: '' } : classify(e); };
    const r = await observe([{ op: 'try', body: [{ op: 'raise', kind: 'LookupError', message: 'x' }] }], a);
    expect(r.trace.observations[0]!.error).to.deep.equal({ kind: 'LookupError', message: 'x' });
    expect(asked).to.equal(0);
  });

  it('names a token.var handle the adapter never created so the comparison shows it', async () => {
    const a = createTestAdapter();
    a.tokenVar = () => ({}) as never;
    const r = await observe([{ op: 'var', name: 'v' }, { op: 'set', var: 'v', value: 1, token: 't' }, { op: 'token_var', token: 't' }], a);
    expect(r.trace.observations[0]!.value).to.deep.equal({ $var: '<handle the adapter never created>' });
  });

  it('runs with_token through tokenEnter and tokenExit, exiting also when the body raises', async () => {
    const calls: string[] = [];
    const a = createTestAdapter();
    a.tokenEnter = () => { calls.push('enter'); };
    a.tokenExit = (t) => { calls.push('exit'); a.reset(a.tokenVar(t), t); };
    const r = await observe([
      { op: 'var', name: 'v', default: 0 },
      { op: 'set', var: 'v', value: 1, token: 't' },
      { op: 'try', body: [{ op: 'with_token', token: 't', body: [{ op: 'raise', kind: 'ValueError', message: 'x' }] }] },
      { op: 'get', var: 'v' },
    ], a);
    expect(calls).to.deep.equal(['enter', 'exit']);
    expect(strip(r.trace.observations).slice(0, 2)).to.deep.equal([['main', 0, '/program/2', 'try', 'ValueError'], ['main', 1, '/program/3', 'get', 0]]);
  });

  it('finds the features an adapter lacks, counting a declared feature without its hook as lacking', () => {
    const a = createTestAdapter();
    const s = { ...scenario([]), features: ['vars', 'task_group', 'threads'] };
    expect(missingFeatures(a, s)).to.deep.equal(['task_group', 'threads']);
    const b = { ...a, features: [...a.features, 'threads'] };
    expect(missingFeatures(b, s)).to.deep.equal(['task_group', 'threads']);
    expect(missingFeatures({ ...b, thread: (fn: () => void) => fn() }, s)).to.deep.equal(['task_group']);
    expect(usableFeatures(b)).to.not.include('threads');
    expect(usableFeatures({ ...b, thread: (fn: () => void) => fn() })).to.include('threads');
    expect(usableFeatures(a)).to.deep.equal(a.features);
  });
});

describe('interpreter: try is except Exception', () => {
  it('lets an error classified as CancelledError through try, to the end of the task', async () => {
    const a = createTestAdapter();
    const classify = a.classifyError;
    a.classifyError = (e) => ((e as Error)?.message === 'cancel' ? { kind: 'CancelledError', message: '' } : classify(e));
    const a2 = { ...a, get: () => { throw new Error('cancel'); } };
    const r = await observe([{ op: 'var', name: 'v' }, { op: 'try', body: [{ op: 'get', var: 'v' }] }], a2);
    expect(r.trace.observations.map((o) => [o.op, o.error?.kind])).to.deep.equal([['end', 'CancelledError']]);
  });
});

describe('interpreter: contract 1.3', () => {
  const gatherThenAwait: AsyncOp[] = [
    { op: 'var', name: 'v', default: 0 },
    { op: 'try', body: [{ op: 'gather', tasks: [
      { name: 'G', body: [{ op: 'sleep' }, { op: 'sleep' }, { op: 'get', var: 'v' }] },
      { name: 'H', body: [{ op: 'raise', kind: 'ValueError', message: 'h' }] },
    ] }] },
    { op: 'await_task', task: 'G' },
    { op: 'get', var: 'v' },
  ];

  it('awaits a gather child through the task handle gather hands back', async () => {
    const a = createTestAdapter();
    const handed: unknown[] = [];
    const awaited: unknown[] = [];
    const gather = a.gather.bind(a), awaitTask = a.awaitTask.bind(a);
    a.gather = (bodies, adopt) => gather(bodies, (tasks) => { handed.push(...tasks); adopt(tasks); });
    a.awaitTask = (k) => { awaited.push(k); return awaitTask(k); };
    const r = await observe(gatherThenAwait, a);
    expect(r.problems).to.deep.equal([]);
    expect(handed).to.have.length(2);
    expect(awaited[0]).to.equal(handed[0]);
    expect(strip(r.trace.observations).filter((o) => o[0] === 'main')).to.deep.equal([
      ['main', 0, '/program/1', 'try', 'ValueError'], ['main', 1, '/program/3', 'get', 0], ['main', 2, '/program', 'end', null],
    ]);
  });

  it('still runs a 1.2 adapter, whose gather hands back nothing: a child is awaited through its own outcome', async () => {
    const a = createTestAdapter();
    const gather = a.gather.bind(a);
    const old: Adapter = { ...a, contract: '1.2.0', gather: (bodies) => gather(bodies, () => {}) };
    const r = await observe(gatherThenAwait, old);
    expect(r.problems).to.deep.equal([]);
    expect(r.trace.observations.filter((o) => o.task === 'main/G').map((o) => o.op)).to.deep.equal(['get', 'end']);
  });

  it('reports a 1.3 adapter whose gather never hands back its tasks as a problem naming the contract', async () => {
    const a = createTestAdapter();
    const gather = a.gather.bind(a);
    const r = await observe(gatherThenAwait, { ...a, gather: (bodies) => gather(bodies, () => {}) });
    expect(r.problems.map((p) => p.message).join('\n')).to.match(/gather child "G" is awaited but the adapter's gather never handed back its task handles \(contract 1\.3/);
  });

  it('classifies a NoContextError as NO_CONTEXT without asking the adapter, and it is no problem (a FAIL, not an ERROR)', async () => {
    const a = createTestAdapter();
    let asked = 0;
    const r = await observe([{ op: 'var', name: 'v' }, { op: 'try', body: [{ op: 'get', var: 'v' }] }], {
      ...a, get: () => { throw new NoContextError('lost it'); }, classifyError: (e) => { asked++; return a.classifyError(e); },
    });
    expect(r.trace.observations[0]!.error).to.deep.equal({ kind: NO_CONTEXT, message: 'lost it' });
    expect(r.problems).to.deep.equal([]);
    expect(asked).to.equal(0);
  });

  it('streams each observation as it is logged and shows what each unfinished task awaits', async () => {
    const a = createTestAdapter();
    const events: PromiseEvent[] = [];
    const newEvent = a.newEvent.bind(a);
    a.newEvent = () => { const e = newEvent(); events.push(e); return e; };
    const streamed: Observation[] = [];
    let live: LiveRun | undefined;
    const s = scenario([
      { op: 'var', name: 'v', default: 1 },
      { op: 'create_task', name: 'A', body: [{ op: 'get', var: 'v' }, { op: 'try', body: [{ op: 'call', body: [{ op: 'event_wait', event: 'e' }] }] }] },
      { op: 'get', var: 'v' },
    ]);
    const done = interpret(a, { id: 'test/x', hash: scenarioHash(s), scenario: s }, {
      onStart: (l) => { live = l; },
      onObservation: (o) => { streamed.push(o); expect(live!.observations().at(-1)).to.equal(o); },
    });
    for (let i = 0; i < 20; i++) await new Promise((res) => setImmediate(res));
    expect(live!.waiting()).to.deep.equal([
      { task: 'main', step: '/program', op: 'drain' },
      { task: 'main/A', step: '/program/1/body/1/body/0/body/0', op: 'event_wait' },
    ]);
    expect(strip(live!.observations().slice())).to.deep.equal([['main', 0, '/program/2', 'get', 1], ['main', 1, '/program', 'end', null], ['main/A', 0, '/program/1/body/0', 'get', 1]]);
    events[0]!.open();
    const r = await done;
    expect(live!.waiting()).to.deep.equal([]);
    expect(streamed).to.deep.equal(r.trace.observations);
    expect(streamed.map((o) => o.op)).to.deep.equal(['get', 'end', 'get', 'try', 'end']);
  });

  it('keeps a throwing onObservation listener out of the scenario and reports it as a problem', async () => {
    const s = scenario([{ op: 'var', name: 'v', default: 1 }, { op: 'get', var: 'v' }, { op: 'get', var: 'v' }]);
    const r = await interpret(createTestAdapter(), { id: 'test/x', hash: scenarioHash(s), scenario: s }, { onObservation: () => { throw new Error('host broke'); } });
    expect(strip(r.trace.observations)).to.deep.equal([['main', 0, '/program/1', 'get', 1], ['main', 1, '/program/2', 'get', 1], ['main', 2, '/program', 'end', null]]);
    expect(r.problems.map((p) => p.message)).to.deep.equal(['the onObservation listener threw']);
  });
});

describe('interpreter: try and with_token regions in async bodies', () => {
  it('resumes after a try that caught an error raised after an await, and runs what follows in order', async () => {
    const r = await observe([
      { op: 'var', name: 'v', default: 0 },
      { op: 'get', var: 'v' },
      { op: 'try', body: [{ op: 'sleep' }, { op: 'get', var: 'v' }, { op: 'raise', kind: 'ValueError', message: 'x' }, { op: 'get', var: 'v' }] },
      { op: 'get', var: 'v' },
      { op: 'try', body: [{ op: 'try', body: [{ op: 'sleep' }, { op: 'raise', kind: 'TypeError', message: 'inner' }] }, { op: 'raise', kind: 'KeyError' as never, message: 'outer' }] },
      { op: 'get', var: 'v' },
    ]);
    expect(r.problems).to.deep.equal([]);
    expect(strip(r.trace.observations)).to.deep.equal([
      ['main', 0, '/program/1', 'get', 0],
      ['main', 1, '/program/2/body/1', 'get', 0],
      ['main', 2, '/program/2', 'try', 'ValueError'],
      ['main', 3, '/program/3', 'get', 0],
      ['main', 4, '/program/4/body/0', 'try', 'TypeError'],
      ['main', 5, '/program/4', 'try', 'KeyError'],
      ['main', 6, '/program/5', 'get', 0],
      ['main', 7, '/program', 'end', null],
    ]);
  });

  it('exits a with_token around awaits once, on the normal path and when an error leaves it, before the try records it', async () => {
    const calls: string[] = [];
    const a = createTestAdapter();
    a.tokenEnter = (t) => { calls.push(`enter ${String(a.tokenOldValue(t))}`); };
    a.tokenExit = (t) => { calls.push('exit'); a.reset(a.tokenVar(t), t); };
    const r = await observe([
      { op: 'var', name: 'v', default: 0 },
      { op: 'set', var: 'v', value: 1, token: 't' },
      { op: 'with_token', token: 't', body: [{ op: 'sleep' }, { op: 'get', var: 'v' }] },
      { op: 'get', var: 'v' },
      { op: 'set', var: 'v', value: 2, token: 't' },
      { op: 'try', body: [{ op: 'with_token', token: 't', body: [{ op: 'sleep' }, { op: 'set', var: 'v', value: 3, token: 't' }, { op: 'raise', kind: 'ValueError', message: 'x' }] }] },
      { op: 'get', var: 'v' },
    ], a);
    expect(r.problems).to.deep.equal([]);
    // the second exit resets the token entered (old value MISSING), not the one the body made under the same name (old value 2)
    const missing = String(Symbol.for('pep567-conformance.MISSING'));
    expect(calls).to.deep.equal([`enter ${missing}`, 'exit', `enter ${missing}`, 'exit']);
    expect(strip(r.trace.observations)).to.deep.equal([
      ['main', 0, '/program/2/body/1', 'get', 1],
      ['main', 1, '/program/3', 'get', 0],
      ['main', 2, '/program/5', 'try', 'ValueError'],
      ['main', 3, '/program/6', 'get', 0],
      ['main', 4, '/program', 'end', null],
    ]);
  });
});
