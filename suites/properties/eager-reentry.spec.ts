/**
 * Under the eager factory a task's first step runs inside create_task, in the step of the task that
 * made it: a task given context= of a context that step holds entered would enter it again, which
 * CPython 3.12 and 3.13 refuse inside create_task, and the recorder's run then never ends (the
 * gh-157301 exclusion). The builder leaves the factory out of such programs, the contexts of the
 * tasks that made or gathered the body included (fuzz-scale seed 10001 against 3.13.0 found a
 * gather child's task given its gathering task's context).
 */
import { expect } from 'chai';
import { buildProgram } from '../../harness/fuzz/build.ts';
import type { RawOp } from '../../harness/fuzz/raw.ts';

const task = (body: RawOp[], c: number | null = null): RawOp => ({ k: 'create_task', body, c, grouped: false, waitAt: null, setAfter: 0 });
const uses = (raw: RawOp[]) => JSON.stringify(buildProgram(raw)).includes('"eager_task_factory"');

describe('properties: the eager factory and contexts entered below a task', () => {
  // A leading sleep installs the factory (build.ts); copy_context makes c0.
  const start: RawOp[] = [{ k: 'sleep' }, { k: 'copy_context' }];

  it('a program whose tasks enter no context twice keeps the factory', () => {
    expect(uses([...start, task([{ k: 'gather', children: [[task([], 0)]] }])])).to.equal(true);
  });

  it('a task given the context its creator runs in: no factory', () => {
    expect(uses([...start, task([task([], 0)], 0)])).to.equal(false);
  });

  it('a gather child making a task in the context its gathering task runs in: no factory', () => {
    expect(uses([...start, task([{ k: 'gather', children: [[task([], 0)]] }], 0)])).to.equal(false);
  });

  it('a task whose body runs the context its creator is running: no factory (fuzz-scale, model, seed 31008)', () => {
    expect(uses([...start, { k: 'run', c: 0, body: [task([{ k: 'run', c: 0, body: [] }])] }])).to.equal(false);
  });

  it('a task whose body runs another context keeps the factory', () => {
    expect(uses([...start, { k: 'copy_context' }, { k: 'run', c: 0, body: [task([{ k: 'run', c: 1, body: [] }])] }])).to.equal(true);
  });

  it('a task two creations below: no factory', () => {
    expect(uses([...start, task([task([task([], 0)])], 0)])).to.equal(false);
  });
});

/**
 * task_get_context gives a task's own context, which may be one the builder knows by another name
 * (the context= it made the task with): entering it may raise "already entered" (fuzz-scale against
 * CPython 3.13.0: seed 12003, a token bound in such a run used after it; seed 20001, main's error
 * left a task waiting on an event forever).
 */
describe('properties: contexts task_get_context gives may be entered already', () => {
  const start: RawOp[] = [{ k: 'copy_context' }, task([], 0), { k: 'task_get_context', t: 0 }];
  const built = (raw: RawOp[]) => buildProgram(raw);

  it('main runs such a context only inside a try', () => {
    const p = built([...start, { k: 'run', c: 1, body: [] }]);
    expect(JSON.stringify(p.at(-1))).to.equal(JSON.stringify({ op: 'try', body: [{ op: 'run', context: 'c1', body: [] }] }));
  });

  it('what a run of such a context binds is not used after it', () => {
    const p = built([...start, { k: 'run', c: 1, body: [{ k: 'set', v: 0, value: 1, token: true }] }, { k: 'reset', t: 0, v: 0, own: true }]);
    expect(JSON.stringify(p)).to.not.include('"reset"');
  });

  it('a run of another context inside such a run: inside a try too', () => {
    const p = built([...start, { k: 'run', c: 1, body: [{ k: 'run', c: 0, body: [] }] }]);
    expect(p.at(-1)!.op).to.equal('try');
  });

  it('a context made by copy_context, run where nothing is entered: no try', () => {
    const p = built([{ k: 'copy_context' }, { k: 'run', c: 0, body: [] }]);
    expect(p.at(-1)!.op).to.equal('run');
  });
});
