/**
 * The Map-backed Context the test doubles share (als-adapter.ts, slot-adapter.ts, listener-adapter.ts): they differ in
 * where the current context lives, not in what a Context is, so the value types and the members
 * that only read or copy a Context's mapping are written once here.
 */
import { MISSING, type Adapter, type DefaultArg } from '../../../harness/contract/adapter.ts';
import type { Value } from '../../../harness/format/scenario.ts';

export class PyError extends Error {
  constructor(readonly kind: string, message: string) { super(message); }
}
export class Var { constructor(readonly name: string, readonly d?: DefaultArg) {} }
export class Ctx { entered = false; constructor(public map = new Map<Var, Value>()) {} }
export interface Tok { v: Var; ctx: Ctx; old: Value | typeof MISSING; used: boolean }

export const copy = (c: Ctx): Ctx => new Ctx(new Map(c.map));

/** ContextVar.set in c: a new mapping replaces the old one (a Context's mapping is immutable). */
export function setIn(c: Ctx, v: Var, value: Value): Tok {
  const t: Tok = { v, ctx: c, old: c.map.has(v) ? c.map.get(v)! : MISSING, used: false };
  c.map = new Map(c.map).set(v, value);
  return t;
}

/** The rest of ContextVar.reset once its checks passed: c's mapping goes back to t's old value. */
export function resetIn(c: Ctx, v: Var, t: Tok): void {
  const m = new Map(c.map);
  if (t.old === MISSING) m.delete(v); else m.set(v, t.old);
  c.map = m;
  t.used = true;
}

type MappingMembers = Pick<Adapter<Var, Tok, Ctx>, 'tokenVar' | 'tokenOldValue' | 'newContext' | 'contextCopy'
  | 'getItem' | 'contains' | 'contextGet' | 'size' | 'keys' | 'values' | 'items' | 'equals'>;

/** The adapter members over a Context's mapping; `reverseKeys` lists keys and values backwards. */
export function mappingMembers(repr: (v: Var) => string, reverseKeys = false): MappingMembers {
  const order = <X>(xs: X[]): X[] => (reverseKeys ? xs.reverse() : xs);
  return {
    tokenVar: (t) => t.v,
    tokenOldValue: (t) => t.old,
    newContext: () => new Ctx(),
    contextCopy: copy,
    getItem(c, v) { if (!c.map.has(v)) throw new PyError('KeyError', repr(v)); return c.map.get(v)!; },
    contains: (c, v) => c.map.has(v),
    contextGet: (c, v, d) => (c.map.has(v) ? c.map.get(v)! : d ? d.default : null),
    size: (c) => c.map.size,
    keys: (c) => order([...c.map.keys()]),
    values: (c) => order([...c.map.values()]),
    items: (c) => [...c.map.entries()],
    equals: (a, b) => a.map.size === b.map.size && [...a.map].every(([k, x]) => b.map.has(k) && b.map.get(k) === x),
  };
}

type VariableMembers = Pick<Adapter<Var, Tok, Ctx>, 'newVar' | 'get' | 'set' | 'reset' | 'copyContext'>;

/** The variable members over the current Context, wherever a double keeps it (`current`). */
export function variableMembers(current: () => Ctx, repr: (v: Var) => string): VariableMembers {
  return {
    newVar: (name, d) => new Var(name, d),
    get(v, d) {
      const m = current().map;
      if (m.has(v)) return m.get(v)!;
      if (d) return d.default;
      if (v.d) return v.d.default;
      throw new PyError('LookupError', repr(v));
    },
    set: (v, value) => setIn(current(), v, value),
    reset(v, t) {
      const c = current();
      if (t.used) throw new PyError('RuntimeError', 'token has already been used once');
      if (t.v !== v) throw new PyError('ValueError', 'token was created by a different ContextVar');
      if (t.ctx !== c) throw new PyError('ValueError', 'token was created in a different Context');
      resetIn(c, v, t);
    },
    copyContext: () => copy(current()),
  };
}
