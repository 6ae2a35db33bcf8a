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

  it('a task two creations below: no factory', () => {
    expect(uses([...start, task([task([task([], 0)])], 0)])).to.equal(false);
  });
});
