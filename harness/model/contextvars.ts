/**
 * PEP 567 itself: ContextVar, Token, Context and copy_context over per-thread current contexts,
 * with CPython's check order and messages (catalog items 23–55, 58–90).
 *
 * A Context holds a cell with an immutable Hamt; set() swaps the cell's trie, so every holder of
 * the Context object sees the change while earlier copies (other cells) keep their snapshot.
 */
import { MISSING, type Missing } from '../contract/adapter.ts';
import type { Value } from '../format/scenario.ts';
import { StacklessError } from '../interpreter/errors.ts';
import { Hamt, counterHash } from './hamt.ts';
import { fill, type MessageTable } from './messages.ts';
import { FAITHFUL, type Deviations } from './flags.ts';
import { pyRepr } from '../primitives/repr.ts';

/** An exception the model raises, carrying CPython's class name and str(). */
export class PyError extends StacklessError {
  constructor(readonly kind: string, readonly pyMessage: string) {
    super(`${kind}: ${pyMessage}`);
    this.name = 'PyError';
  }
}

export class ContextVar {
  constructor(
    readonly name: string,
    readonly hasDefault: boolean,
    readonly defaultValue: Value,
    readonly hash: number,
    readonly address: number,
  ) {}
}

export class Token {
  used = false;
  constructor(readonly context: Context, readonly variable: ContextVar, readonly oldValue: Value | Missing, readonly address: number) {}
}

interface Cell { map: Hamt<ContextVar, Value> }

export class Context {
  entered = false;
  prev: Context | undefined;
  constructor(readonly cell: Cell, readonly address: number) {}
  get map(): Hamt<ContextVar, Value> { return this.cell.map; }
}

/** One OS thread's view: its current context, created lazily and empty (catalog 91). */
export class ThreadState {
  context: Context | undefined;
  constructor(readonly label: string) {}
}

const hex = (n: number) => `0x${n.toString(16)}`;

export class ContextRuntime {
  /** The thread whose code is running now. */
  thread: ThreadState;
  readonly mainThread: ThreadState;
  private nextAddress = 0x7f5a00001000;
  private nextHash = 1;
  /** Every variable made, for the defaults-in-mapping deviation. */
  private readonly allVars: ContextVar[] = [];
  /** The one shared store of the global-map deviation. */
  private readonly globalCell: Cell = { map: Hamt.empty() };

  constructor(readonly messages: MessageTable, readonly deviations: Deviations = FAITHFUL) {
    this.mainThread = this.thread = new ThreadState('main');
  }

  address(): number {
    const a = this.nextAddress;
    this.nextAddress += 0x40;
    return a;
  }

  /* ---- reprs, as CPython prints them ---- */
  varRepr(v: ContextVar): string {
    const dflt = v.hasDefault ? ` default=${pyRepr(v.defaultValue)}` : '';
    return `<ContextVar name=${pyRepr(v.name)}${dflt} at ${hex(v.address)}>`;
  }
  tokenRepr(t: Token): string {
    return `<Token${t.used ? ' used' : ''} var=${this.varRepr(t.variable)} at ${hex(t.address)}>`;
  }
  contextRepr(c: Context): string {
    return `<${this.messages.contextType} object at ${hex(c.address)}>`;
  }

  /* ---- contexts ---- */
  private makeContext(map: Hamt<ContextVar, Value>): Context {
    return new Context(this.deviations.globalMap ? this.globalCell : { map }, this.address());
  }

  /** The running thread's current Context object, made empty on first use. */
  current(): Context {
    return (this.thread.context ??= this.makeContext(Hamt.empty()));
  }

  newContext(): Context { return this.makeContext(Hamt.empty()); }

  contextCopy(c: Context): Context {
    if (this.deviations.copySharesMap) return new Context(c.cell, this.address());
    return this.makeContext(c.map);
  }

  copyContext(): Context { return this.contextCopy(this.current()); }

  enter(c: Context): void {
    if (c.entered && !this.deviations.noReentrancyCheck)
      throw new PyError('RuntimeError', fill(this.messages.alreadyEntered, { context: this.contextRepr(c) }));
    c.prev = this.thread.context;
    c.entered = true;
    this.thread.context = c;
  }

  exit(c: Context): void {
    if (this.thread.context !== c) throw new PyError('RuntimeError', this.messages.notEntered);
    this.leave(c);
  }

  /** Exit without exit()'s check: at the end of a task step, also when a deviation left another context on top. */
  leave(c: Context): void {
    this.thread.context = c.prev;
    c.prev = undefined;
    c.entered = false;
  }

  /** Context.run: enter, call, exit even when fn throws (catalog 66–74). */
  run<R>(c: Context, fn: () => R): R {
    if (this.deviations.globalMap) return fn();
    const target = this.deviations.runDiscardsChanges ? this.makeContext(c.map) : c;
    this.enter(target);
    let ok = false;
    try {
      const r = fn();
      ok = true;
      return r;
    } finally {
      if (ok || !this.deviations.runLeaksOnError) this.exit(target);
    }
  }

  /** Runs fn as code of another thread, then comes back. */
  inThread<R>(t: ThreadState, fn: () => R): R {
    const saved = this.thread;
    this.thread = t;
    try { return fn(); } finally { this.thread = saved; }
  }

  /* ---- variables and tokens ---- */
  newVar(name: string, dflt?: { default: Value }): ContextVar {
    const v = new ContextVar(name, dflt !== undefined, dflt?.default ?? null, counterHash(this.nextHash++), this.address());
    this.allVars.push(v);
    return v;
  }

  /** Lookup order: current context, the argument, the variable's default, else LookupError (catalog 23–25). */
  get(v: ContextVar, dflt?: { default: Value }): Value {
    const ctx = this.thread.context ?? (this.deviations.globalMap ? this.current() : undefined);
    // One walk of the trie, not has() then get(): a stored Value is never undefined.
    const found = ctx?.map.get(v);
    if (found !== undefined) return found;
    if (dflt !== undefined) return dflt.default;
    if (v.hasDefault) return v.defaultValue;
    throw new PyError('LookupError', this.varRepr(v));
  }

  set(v: ContextVar, value: Value): Token {
    const ctx = this.current();
    const found = ctx.map.get(v);
    const old: Value | Missing = found === undefined ? MISSING : found;
    ctx.cell.map = ctx.map.set(v, value);
    return new Token(ctx, v, old, this.address());
  }

  /** Checks in CPython's order: used, other variable, other Context object (catalog 47). */
  reset(v: ContextVar, t: Token): void {
    const d = this.deviations;
    if (t.used && !d.resetSkipsUsedCheck)
      throw new PyError('RuntimeError', fill(this.messages.tokenUsed, { token: this.tokenRepr(t) }));
    if (t.variable !== v)
      throw new PyError('ValueError', fill(this.messages.tokenOtherVar, { token: this.tokenRepr(t) }));
    const ctx = this.current();
    if (t.context !== ctx && !d.resetSkipsContextCheck && !d.globalMap)
      throw new PyError('ValueError', fill(this.messages.tokenOtherContext, { token: this.tokenRepr(t) }));
    if (t.oldValue !== MISSING) ctx.cell.map = ctx.map.set(v, t.oldValue);
    else if (d.resetToDefault && v.hasDefault) ctx.cell.map = ctx.map.set(v, v.defaultValue);
    else {
      // Unreachable through the API in CPython (catalog 55), kept for the deviations that get here.
      if (!ctx.map.has(v)) throw new PyError('LookupError', this.varRepr(v));
      ctx.cell.map = ctx.map.delete(v);
    }
    t.used = true;
  }

  /* ---- the Mapping API: defaults ignored (catalog 78–90) ---- */
  private view(c: Context): Hamt<ContextVar, Value> {
    if (!this.deviations.mappingIncludesDefaults) return c.map;
    let m = c.map;
    for (const v of this.allVars) if (v.hasDefault && !m.has(v)) m = m.set(v, v.defaultValue);
    return m;
  }

  // One walk of the trie each, as in get(): a stored Value is never undefined.
  getItem(c: Context, v: ContextVar): Value {
    const found = this.view(c).get(v);
    if (found === undefined) throw new PyError('KeyError', this.varRepr(v));
    return found;
  }
  contains(c: Context, v: ContextVar): boolean { return this.view(c).has(v); }
  contextGet(c: Context, v: ContextVar, dflt?: { default: Value }): Value {
    const found = this.view(c).get(v);
    return found !== undefined ? found : (dflt?.default ?? null);
  }
  size(c: Context): number { return this.view(c).size; }
  keys(c: Context): ContextVar[] { return [...this.view(c).keys()]; }
  values(c: Context): Value[] { return [...this.view(c).values()]; }
  items(c: Context): [ContextVar, Value][] { return [...this.view(c).entries()]; }
  equals(a: Context, b: Context): boolean { return this.view(a).equals(this.view(b)); }
}
