/**
 * The model's PEP 567 semantics and CPython's messages, checked through the adapter (messages as
 * CPython 3.7.16–3.13.0 printed them, addresses masked; /work/shared/spec/pep567-catalog.md).
 */
import { expect } from 'chai';
import { MISSING, type Adapter } from '../../harness/contract/adapter.ts';
import { maskAddresses } from '../../harness/primitives/mask.ts';
import { createModelAdapter } from '../../harness/model/adapter.ts';
import { messagesFor } from '../../harness/model/messages.ts';
import { pyRepr } from '../../harness/primitives/repr.ts';

const model = (version = '3.11.7'): Adapter => createModelAdapter({ reference: { name: 'cpython', version } });

/** The error fn raises, as the adapter classifies it, addresses masked. */
function raised(a: Adapter, fn: () => unknown): { kind: string; message: string } {
  try { fn(); } catch (e) {
    const c = a.classifyError(e);
    if (!c) throw e;
    return { kind: c.kind, message: maskAddresses(c.message) };
  }
  throw new Error('expected an error');
}

describe('model contextvars', () => {
  it('get: current value, then the argument, then the default, else LookupError (catalog 23–25)', () => {
    const a = model();
    const v = a.newVar('v'), d = a.newVar('d', { default: 5 });
    expect(raised(a, () => a.get(v))).to.deep.equal({ kind: 'LookupError', message: "<ContextVar name='v' at 0x…>" });
    expect(a.get(v, { default: null })).to.equal(null);
    expect(a.get(d)).to.equal(5);
    expect(a.get(d, { default: null })).to.equal(null);
    a.set(d, 6);
    expect(a.get(d, { default: 1 })).to.equal(6);
  });

  it('MISSING tokens remove the variable, even with a default (catalog 37, 45)', () => {
    const a = model();
    const v = a.newVar('v', { default: 7 });
    const t = a.set(v, 1);
    expect(a.tokenOldValue(t)).to.equal(MISSING);
    expect(a.tokenVar(t)).to.equal(v);
    a.reset(v, t);
    const after = a.copyContext();
    expect(a.contains(after, v)).to.equal(false);
    expect(a.size(after)).to.equal(0);
    expect(a.get(v)).to.equal(7);
  });

  it('resets write back their own old value in any order (catalog 53)', () => {
    const a = model();
    const v = a.newVar('v');
    const ta = a.set(v, 'A'), tb = a.set(v, 'B'), tc = a.set(v, 'C');
    a.reset(v, ta);
    expect(a.contains(a.copyContext(), v)).to.equal(false);
    a.reset(v, tc);
    expect(a.get(v)).to.equal('B');
    a.reset(v, tb);
    expect(a.get(v)).to.equal('A');
  });

  it('reset checks used, then variable, then Context object, with CPython messages (catalog 47–51)', () => {
    const a = model();
    const v = a.newVar('v', { default: 7 }), w = a.newVar('w');
    const t = a.set(v, 1);
    a.reset(v, t);
    // Used and from another variable: the RuntimeError wins.
    expect(raised(a, () => a.reset(w, t))).to.deep.equal({
      kind: 'RuntimeError', message: "<Token used var=<ContextVar name='v' default=7 at 0x…> at 0x…> has already been used once",
    });
    // Another variable and another context: "different ContextVar" wins.
    const other = a.newContext();
    const t2 = a.run(other, () => a.set(v, 2));
    expect(raised(a, () => a.reset(w, t2))).to.deep.equal({
      kind: 'ValueError', message: "<Token var=<ContextVar name='v' default=7 at 0x…> at 0x…> was created by a different ContextVar",
    });
    expect(raised(a, () => a.reset(v, t2))).to.deep.equal({
      kind: 'ValueError', message: "<Token var=<ContextVar name='v' default=7 at 0x…> at 0x…> was created in a different Context",
    });
    // A failed reset leaves the token usable; the same Context object in a later run accepts it (catalog 46, 52).
    a.run(other, () => a.reset(v, t2));
    expect(a.contains(other, v)).to.equal(false);
    // An equal copy is not the same object.
    const t3 = a.run(other, () => a.set(v, 3));
    expect(raised(a, () => a.run(a.contextCopy(other), () => a.reset(v, t3))).kind).to.equal('ValueError');
  });

  it('the Mapping API ignores defaults (catalog 78–82, 90)', () => {
    const a = model();
    const d = a.newVar('d', { default: 1 }), x = a.newVar('x');
    const c = a.copyContext();
    expect(raised(a, () => a.getItem(c, d))).to.deep.equal({ kind: 'KeyError', message: "<ContextVar name='d' default=1 at 0x…>" });
    expect(a.contains(c, d)).to.equal(false);
    expect(a.contextGet(c, d)).to.equal(null);
    expect(a.contextGet(c, d, { default: 'g' })).to.equal('g');
    expect(a.size(c)).to.equal(0);
    a.set(x, 'X');
    const c2 = a.copyContext();
    expect(a.keys(c2)).to.deep.equal([x]);
    expect(a.values(c2)).to.deep.equal(['X']);
    expect(a.items(c2)).to.deep.equal([[x, 'X']]);
  });

  it('copies are snapshots; equality follows contents (catalog 59–61, 86)', () => {
    const a = model();
    const v = a.newVar('v');
    const c1 = a.copyContext();
    a.set(v, 1);
    const c2 = a.copyContext(), c3 = a.copyContext();
    expect(c2).to.not.equal(c3);
    expect(a.equals(c2, c3)).to.equal(true);
    expect(a.equals(c1, c2)).to.equal(false);
    a.run(c3, () => a.set(v, 2));
    expect(a.getItem(c2, v)).to.equal(1);
    expect(a.getItem(c3, v)).to.equal(2);
    expect(a.equals(a.newContext(), a.newContext())).to.equal(true);
  });

  it('run keeps changes in ctx, restores the caller also on error, and refuses re-entry (catalog 69–72)', () => {
    const a = model();
    const v = a.newVar('v', { default: 'outer' });
    const c = a.newContext();
    expect(raised(a, () => a.run(c, () => { a.set(v, 'in'); a.get(a.newVar('nope')); })).kind).to.equal('LookupError');
    expect(a.get(v)).to.equal('outer');
    expect(a.getItem(c, v)).to.equal('in');
    expect(raised(a, () => a.run(c, () => a.run(c, () => 0)))).to.deep.equal({
      kind: 'RuntimeError', message: 'cannot enter context: <_contextvars.Context object at 0x…> is already entered',
    });
    expect(a.run(c, () => a.run(a.contextCopy(c), () => a.get(v)))).to.equal('in');
  });

  it('prints bare type names before 3.10', () => {
    const a = model('3.9.18');
    const c = a.newContext();
    expect(raised(a, () => a.run(c, () => a.run(c, () => 0))).message)
      .to.equal('cannot enter context: <Context object at 0x…> is already entered');
  });

  it('with token: AttributeError before 3.11, TypeError in 3.11–3.13, works from 3.14 (catalog 44, 56–57)', () => {
    const expected: Record<string, unknown> = {
      '3.10.13': { kind: 'AttributeError', message: '__enter__' },
      '3.11.7': { kind: 'TypeError', message: "'_contextvars.Token' object does not support the context manager protocol" },
      '3.13.0': { kind: 'TypeError', message: "'_contextvars.Token' object does not support the context manager protocol" },
    };
    for (const [version, error] of Object.entries(expected)) {
      const a = model(version);
      const t = a.set(a.newVar('v'), 1);
      expect(raised(a, () => a.tokenEnter!(t)), version).to.deep.equal(error);
    }
    const a = model('3.14.0');
    const v = a.newVar('v', { default: 42 });
    const t = a.set(v, 36);
    a.tokenEnter!(t);
    a.tokenExit!(t);
    expect(a.get(v)).to.equal(42);
    expect(raised(a, () => a.tokenExit!(t)).kind).to.equal('RuntimeError');
  });

  it('the message table merges rows up to the version', () => {
    expect(messagesFor('3.7.16').contextType).to.equal('Context');
    expect(messagesFor('3.10.13').contextType).to.equal('_contextvars.Context');
    expect(messagesFor('3.8.18').missingToThread).to.not.equal(null);
    expect(messagesFor('3.9.18').missingToThread).to.equal(null);
    expect(messagesFor('3.11.7').waitForMakesTask).to.equal(true);
    expect(messagesFor('3.12.1').waitForMakesTask).to.equal(false);
    expect(messagesFor('3.14.2').withToken).to.equal(null);
  });

  it('reprs quote strings as Python does', () => {
    expect(pyRepr('s')).to.equal("'s'");
    expect(pyRepr("a'b")).to.equal('"a\'b"');
    expect(pyRepr('a\'b"c')).to.equal("'a\\'b\"c'");
    expect(pyRepr('t\n')).to.equal("'t\\n'");
    expect(pyRepr(null)).to.equal('None');
    expect(pyRepr(-3)).to.equal('-3');
  });

  it('gives every object a distinct fake address', () => {
    const a = model();
    const v = a.newVar('v'), w = a.newVar('v');
    const m1 = (() => { try { a.get(v); } catch (e) { return a.classifyError(e)!.message; } })();
    const m2 = (() => { try { a.get(w); } catch (e) { return a.classifyError(e)!.message; } })();
    expect(m1).to.match(/^<ContextVar name='v' at 0x7f5a[0-9a-f]+>$/);
    expect(m1).to.not.equal(m2);
  });
});
