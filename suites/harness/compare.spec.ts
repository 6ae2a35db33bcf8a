import { expect } from 'chai';
import { compareObservations } from '../../harness/compare/compare.ts';
import { formatDivergence } from '../../harness/compare/describe.ts';
import { NO_CONTEXT } from '../../harness/contract/adapter.ts';
import type { Observation } from '../../harness/format/trace.ts';

const v = (task: string, seq: number, step: string, op: string, value: Observation['value']): Observation => ({ task, seq, step, op, value });
const err = (task: string, seq: number, step: string, kind: string, message: string, op = 'try'): Observation => ({ task, seq, step, op, error: { kind, message } });

describe('comparator', () => {
  const a0 = v('main/A', 0, '/program/1/body/0', 'get', 1);
  const b0 = v('main/B', 0, '/program/2/body/0', 'get', 2);
  const m0 = v('main', 0, '/program/3', 'get', 0);

  it('compares per task: another interleaving of the tasks passes', () => {
    const r = compareObservations([a0, b0, m0], [m0, b0, a0], { level: 'strict' });
    expect(r.pass).to.equal(true);
    expect(r.divergence).to.equal(undefined);
  });

  it('compares the global order for ordered scenarios', () => {
    const r = compareObservations([a0, b0, m0], [b0, a0, m0], { level: 'strict', ordered: true });
    expect(r.pass).to.equal(false);
    expect(r.divergence).to.include({ reason: 'task', seq: 0, ordered: true, task: 'main/A' });
  });

  it('treats keys and items as sets by variable name, values as a multiset', () => {
    const keys = (x: string[]) => v('main', 0, '/program/4', 'ctx_keys', x.map((n) => ({ $var: n })));
    const items = (x: [string, number][]) => v('main', 1, '/program/5', 'ctx_items', x.map(([n, k]) => [{ $var: n }, k]));
    const values = (x: number[]) => v('main', 2, '/program/6', 'ctx_values', x);
    const exp = [keys(['a', 'b']), items([['a', 1], ['b', 2]]), values([1, 2])];
    expect(compareObservations(exp, [keys(['b', 'a']), items([['b', 2], ['a', 1]]), values([2, 1])], { level: 'strict' }).pass).to.equal(true);
    const bad = compareObservations(exp, [keys(['a', 'c']), items([['a', 1], ['b', 2]]), values([1, 2])], { level: 'strict' });
    expect(bad.divergence).to.include({ reason: 'value', step: '/program/4' });
  });

  it('semantic compares error kinds only and lists message differences apart', () => {
    const exp = [err('main', 0, '/program/2', 'LookupError', "<ContextVar name='v' at 0x…>")];
    const act = [err('main', 0, '/program/2', 'LookupError', "<ContextVar name='v'>")];
    const semantic = compareObservations(exp, act, { level: 'semantic' });
    expect(semantic.pass).to.equal(true);
    expect(semantic.messageDifferences).to.deep.equal([{ task: 'main', seq: 0, step: '/program/2', op: 'try', kind: 'LookupError', expected: "<ContextVar name='v' at 0x…>", actual: "<ContextVar name='v'>" }]);
    const strict = compareObservations(exp, act, { level: 'strict' });
    expect(strict.pass).to.equal(false);
    expect(strict.divergence?.reason).to.equal('message');
  });

  it('a different error kind fails at both levels', () => {
    const r = compareObservations([err('main', 0, '/p', 'ValueError', 'x')], [err('main', 0, '/p', 'RuntimeError', 'x')], { level: 'semantic' });
    expect(r.divergence?.reason).to.equal('kind');
  });

  it('masks addresses on both sides at the strict level', () => {
    const exp = [err('main', 0, '/p', 'RuntimeError', '<Token used var=<ContextVar name=\'v\' at 0x…> at 0x…> has already been used once')];
    const act = [err('main', 0, '/p', 'RuntimeError', '<Token used var=<ContextVar name=\'v\' at 0x7f3a12> at 0xdeadBEEF> has already been used once')];
    const r = compareObservations(exp, act, { level: 'strict' });
    expect(r.pass).to.equal(true);
    expect(r.messageDifferences).to.deep.equal([]);
  });

  it('an error where CPython had a value, and the reverse, are divergences', () => {
    expect(compareObservations([v('main', 0, '/p', 'try', null)], [err('main', 0, '/p', 'ValueError', 'x')], { level: 'semantic' }).divergence?.reason).to.equal('value-expected');
    expect(compareObservations([err('main', 0, '/p', 'ValueError', 'x')], [v('main', 0, '/p', 'try', null)], { level: 'semantic' }).divergence?.reason).to.equal('error-expected');
  });

  it('reports missing and extra observations, including a whole missing task', () => {
    const end = v('main/A', 1, '/program/1', 'end', null);
    const missing = compareObservations([a0, end], [a0], { level: 'semantic' });
    expect(missing.divergence).to.include({ reason: 'missing', task: 'main/A', seq: 1 });
    expect(missing.divergence?.actual).to.equal(undefined);
    const extra = compareObservations([a0], [a0, end], { level: 'semantic' });
    expect(extra.divergence).to.include({ reason: 'extra', task: 'main/A', seq: 1 });
    const wholeTask = compareObservations([m0, b0], [m0], { level: 'semantic' });
    expect(wholeTask.divergence).to.include({ reason: 'missing', task: 'main/B', seq: 0 });
  });

  it('a value of another type is a divergence (1 is not "1", null is not MISSING)', () => {
    expect(compareObservations([v('main', 0, '/p', 'get', 1)], [v('main', 0, '/p', 'get', '1')], { level: 'semantic' }).pass).to.equal(false);
    expect(compareObservations([v('main', 0, '/p', 'token_old_value', { $missing: true })], [v('main', 0, '/p', 'token_old_value', null)], { level: 'semantic' }).pass).to.equal(false);
  });

  it('reports the first divergence in CPython order, with aligned neighbours', () => {
    const exp = [
      v('main', 0, '/program/0', 'get', 0), v('main/A', 0, '/program/1/body/0', 'get', 1),
      v('main', 1, '/program/2', 'get', 2), v('main', 2, '/program/3', 'get', 3), v('main', 3, '/program/4', 'get', 4),
    ];
    const act = exp.map((o) => (o.step === '/program/3' || o.step === '/program/1/body/0' ? { ...o, value: 99 } : o));
    const r = compareObservations(exp, act, { level: 'semantic' });
    // main/A's divergence comes first in CPython's global order, though main is listed first.
    expect(r.divergence).to.include({ task: 'main/A', seq: 0, step: '/program/1/body/0', reason: 'value' });
    const mainOnly = compareObservations(exp.filter((o) => o.task === 'main'), act.filter((o) => o.task === 'main'), { level: 'semantic' });
    expect(mainOnly.divergence?.context.map((row) => [row.index, row.divergent])).to.deep.equal([[0, false], [1, false], [2, true], [3, false]]);
    const text = formatDivergence(mainOnly.divergence!);
    expect(text).to.contain('task main, seq 2, step /program/3: the value differs');
    expect(text).to.contain('expected (CPython): main#2 /program/3 get → 3');
    expect(text).to.contain('actual:             main#2 /program/3 get → 99');
  });

  it('a different step or operation at the same position is a divergence', () => {
    expect(compareObservations([v('main', 0, '/program/1', 'get', 1)], [v('main', 0, '/program/2', 'get', 1)], { level: 'semantic' }).divergence?.reason).to.equal('step');
    expect(compareObservations([v('main', 0, '/program/1', 'get', 1)], [v('main', 0, '/program/1', 'ctx_get', 1)], { level: 'semantic' }).divergence?.reason).to.equal('op');
  });

  it('shows an implementation that lost its context (NO_CONTEXT) as a divergence saying so, with what CPython did', () => {
    const lost = (op: string) => err('main', 0, '/program/1', NO_CONTEXT, 'no current context', op);
    const read = compareObservations([v('main', 0, '/program/1', 'get', 3)], [lost('get')], { level: 'strict' });
    expect(read.pass).to.equal(false);
    expect(formatDivergence(read.divergence!).split('\n')[0]).to.equal('  task main, seq 0, step /program/1: no context here; CPython read 3');
    const raised = compareObservations([err('main', 0, '/program/1', 'LookupError', 'x', 'get')], [lost('get')], { level: 'semantic' });
    expect(formatDivergence(raised.divergence!)).to.contain('no context here; CPython raised LookupError');
    const ended = compareObservations([v('main', 0, '/program', 'end', null)], [err('main', 0, '/program', NO_CONTEXT, 'm', 'end')], { level: 'semantic' });
    expect(formatDivergence(ended.divergence!)).to.contain('no context here; CPython ended the task normally');
    // any other divergence keeps its usual headline
    expect(formatDivergence(compareObservations([v('main', 0, '/p', 'get', 1)], [v('main', 0, '/p', 'get', 2)], { level: 'semantic' }).divergence!)).to.contain('the value differs');
  });
});
