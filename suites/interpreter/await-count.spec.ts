/**
 * The await discipline, counted (issue 10 §1 (b)): for every fixture, run on the model, V8's
 * promise hooks see every promise the interpreter's own code creates (the promise of each native
 * `await` it performs is born in an interpreter frame) and every time one of them resumes. The
 * spec asserts that
 * - every promise an adapter hook returns is awaited by the interpreter exactly once, except one the
 *   model marks notSuspended (contract 1.8: an await that did not suspend), which is awaited never;
 * - the interpreter resumes from a native await exactly as many times as hooks were called whose
 *   await suspended, so it awaits nothing of its own (no await between two operations, none around
 *   try or with_token);
 * - each hook call is made at one await op of the scenario, of the matching kind, at most once
 *   per op; and for a scenario whose reference trace holds no error (every op runs), at every
 *   await op of a body that runs.
 */
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { promiseHooks } from 'node:v8';
import type { Adapter } from '../../harness/contract/adapter.ts';
import { loadAll } from '../../harness/scenarios/load.ts';
import { inRange } from '../../harness/primitives/version-range.ts';
import type { AnyOp, OpName } from '../../harness/format/scenario.ts';
import { BODY_KIND, childBodies, OPERATIONS, walk } from '../../harness/format/operations.ts';
import { interpret, type LiveRun } from '../../harness/interpreter/interpret.ts';
import { createModelAdapter } from '../../harness/model/adapter.ts';
import { canonicalReference, loadTrace } from '../../harness/traces/traces.ts';
import { AWAIT_OPS } from '../harness/support/await-points.ts';
import { awaitOutcome } from '../../harness/contract/no-suspension.ts';

/**
 * Each async hook and the await ops (or the end-of-main drain) that call it, from the operation table:
 * every await operation's `hook`, and the hook of an operation standing in its enclosing body
 * (with_value: no await in Python; around a body that awaits, the library's scoped call holds a
 * promise the interpreter awaits once. A body with no await is a synchronous function: its call
 * must return no promise and is checked apart, withValueCalls).
 */
function hookOps(): Record<string, string[]> {
  const out: Record<string, string[]> = { runMain: ['main'] };
  const add = (hook: string, op: string) => { (out[hook] ??= []).push(op); };
  for (const [name, row] of Object.entries(OPERATIONS)) {
    if (row.where !== 'async' && !(BODY_KIND[name as OpName] === 'inherit' && row.hook)) continue;
    if (!row.hook) throw new Error(`fixtures/schema/operations.json: the await operation ${name} names no hook`);
    add(row.hook, name);
  }
  // The end-of-main drain awaits each task not yet awaited and yields to the loop.
  add(OPERATIONS.sleep.hook!, 'drain');
  add(OPERATIONS.await_task.hook!, 'drain');
  return out;
}
const HOOK_OPS = hookOps();

const INTERPRETER = fileURLToPath(new URL('../../harness/interpreter/', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

interface Count {
  hookCalls: { hook: string; step: string; op: string }[]; awaitsOf: Map<Promise<unknown>, number>; resumed: number;
  /** Hook promises marked notSuspended: the interpreter must go on without awaiting them. */
  notSuspended: Set<Promise<unknown>>;
  /** Every withValue call: the body kind the interpreter declared, and whether the body's result was a promise. */
  withValueCalls: { declared: unknown; promise: boolean }[];
}

/** Promise hooks are process-wide: they count only while `current` is set. */
let current: Count | undefined;
const born = new WeakSet<object>();
const hookPromises = new WeakSet<object>();

/** The frame that created the promise being initialised: the first below this spec and Node's promise-hook glue. */
function creatorFrame(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 8;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack.split('\n').slice(1).find((l) => !l.includes(SELF) && !l.includes('node:internal/promise_hooks')) ?? '';
}

/** The model with each async hook counted; the promise it returns is the model's own, unchanged. */
function counted(a: Adapter, c: Count, live: () => LiveRun): Adapter {
  const wrapped: Record<string, unknown> = {};
  // Every await seen so far: an outer await showing again when an inner one of its task ended
  // (a with_value or call body) is not new. Each step is awaited at most once per task path.
  const seen = new Set<string>();
  /** The await the interpreter opened just before this hook call: the one entry of waiting() new since the last call. */
  const opened = (): { step: string; op: string } => {
    const now = live().waiting();
    const keys = now.map((x) => `${x.task} ${x.step} ${x.op}`);
    const fresh = now.filter((_, i) => !seen.has(keys[i]!));
    for (const k of keys) seen.add(k);
    if (fresh.length === 1) return fresh[0]!;
    if (fresh.length === 0 && now.some((x) => x.op === 'drain')) return { step: '/program', op: 'drain' };
    return { step: '?', op: `${fresh.length} new awaits` };
  };
  for (const hook of Object.keys(HOOK_OPS)) {
    const f = (a as unknown as Record<string, unknown>)[hook];
    if (typeof f !== 'function') continue;
    wrapped[hook] = (...args: unknown[]) => {
      const here = hook === 'runMain' ? { step: '', op: 'main' } : opened();
      if (hook === 'withValue') {
        // Wrap the body to see what it returns: a promise only for a body declared async.
        const call = { declared: (args[3] as { async?: unknown } | undefined)?.async, promise: false };
        c.withValueCalls.push(call);
        const body = args[2] as () => unknown;
        args[2] = () => { const out = body(); call.promise = out instanceof Promise; return out; };
        const r = (f as Function).apply(a, args);
        if (!(r instanceof Promise)) return r;
        c.hookCalls.push({ hook, step: here.step, op: here.op });
        hookPromises.add(r); c.awaitsOf.set(r, 0);
        // A body that ran to its end in the call: the scoped call did not suspend either.
        if (awaitOutcome(r)) c.notSuspended.add(r);
        return r;
      }
      c.hookCalls.push({ hook, step: here.step, op: here.op });
      const p = (f as Function).apply(a, args);
      if (p && typeof p === 'object') { hookPromises.add(p); c.awaitsOf.set(p, 0); }
      if (awaitOutcome(p)) c.notSuspended.add(p);
      return p;
    };
  }
  return Object.assign(Object.create(a), a, wrapped) as Adapter;
}

const reference = canonicalReference()!;
const scenarios = loadAll().scenarios.filter((s) => inRange(reference.version, s.scenario.python));

/** The await ops of the bodies that always run (not those under a call_soon, thread or generator: none can hold one). */
function awaitOps(program: AnyOp[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { op, pointer } of walk(program)) if (AWAIT_OPS.has(op.op)) out.set(pointer, op.op);
  asyncWithValues(program, '/program', true, out);
  return out;
}

/** Whether a body's own frame holds an await op (inside try, with_token and with_value regions too). */
function holdsAwait(body: readonly AnyOp[]): boolean {
  return body.some((op) => AWAIT_OPS.has(op.op) || ((op.op === 'try' || op.op === 'with_token' || op.op === 'with_value') && holdsAwait(op.body as AnyOp[])));
}

/** The with_value ops standing in async bodies whose own body awaits: their hook returns the promise awaited once.
 * One whose body holds no await is no await at all (its Python is a plain `with`). */
function asyncWithValues(body: readonly AnyOp[], ptr: string, isAsync: boolean, out: Map<string, string>): void {
  body.forEach((op, i) => {
    const p = `${ptr}/${i}`;
    if (op.op === 'with_value' && isAsync && holdsAwait(op.body)) out.set(p, 'with_value');
    for (const child of childBodies(op)) asyncWithValues(child.body, p + child.pointer, child.where === 'inherit' ? isAsync : child.where === 'async', out);
  });
}

describe('await discipline: native awaits counted with V8 promise hooks, on the model, for every fixture', function () {
  this.timeout(120_000);
  const stops: Function[] = [];

  before(() => {
    stops.push(promiseHooks.onInit((p, parent) => {
      const c = current;
      // A promise with a parent is what an await (or a then) derives from the promise it waits on.
      if (!c || !parent) return;
      const frame = creatorFrame();
      // The async generator agen_create builds awaits at its own yields, as every JavaScript async generator
      // does (the mapping of a Python async generator's yield): the engine's awaits, not the interpreter's.
      if (!frame.includes(INTERPRETER) || frame.includes('nativeAsyncGenerator')) return;
      born.add(p);
      if (hookPromises.has(parent)) c.awaitsOf.set(parent, (c.awaitsOf.get(parent) ?? 0) + 1);
    }));
    stops.push(promiseHooks.onBefore((p) => { if (current && born.has(p)) current.resumed++; }));
  });
  after(() => { for (const stop of stops) stop(); });

  for (const s of scenarios) {
    it(s.id, async () => {
      const c: Count = { hookCalls: [], awaitsOf: new Map(), resumed: 0, withValueCalls: [], notSuspended: new Set() };
      let live: LiveRun | undefined;
      const adapter = counted(createModelAdapter({ reference }), c, () => live!);
      current = c;
      let r;
      try {
        r = await interpret(adapter, { id: s.id, hash: s.hash, scenario: s.scenario }, { onStart: (l) => { live = l; } });
      } finally { current = undefined; }
      expect(r.problems).to.deep.equal([]);

      // The contract (1.5) tells withValue whether its body is async, and it is right: a sync body returns no promise.
      for (const w of c.withValueCalls) expect(w.declared, 'withValue told the body kind').to.be.a('boolean');
      expect(c.withValueCalls.filter((w) => w.declared === false && w.promise), 'a body declared sync returned a promise').to.deep.equal([]);
      expect(c.withValueCalls.filter((w) => w.declared === true && !w.promise), 'a body declared async returned no promise').to.deep.equal([]);
      const awaitedTwice = [...c.awaitsOf].filter(([p, n]) => n !== (c.notSuspended.has(p) ? 0 : 1)).map(([, n]) => n);
      expect(awaitedTwice, 'hook promises not awaited exactly once (never, when not suspended)').to.deep.equal([]);
      expect(c.resumed, `native awaits resumed in interpreter code vs hook calls that suspended (${c.hookCalls.map((h) => h.hook).join(', ')})`).to.equal(c.hookCalls.length - c.notSuspended.size);

      const ops = awaitOps(s.scenario.program);
      const atOps = c.hookCalls.filter((h) => h.op !== 'drain' && h.op !== 'main');
      for (const h of c.hookCalls) expect(HOOK_OPS[h.hook], `${h.hook} called at ${h.step} (${h.op})`).to.include(h.op);
      for (const h of atOps) expect(ops.get(h.step), `${h.hook} at ${h.step}`).to.equal(h.op);
      const steps = atOps.map((h) => h.step);
      expect(new Set(steps).size, 'one hook call per await op').to.equal(steps.length);
      const trace = loadTrace(reference, s.id)!;
      if (!trace.observations.some((o) => o.error)) expect([...steps].sort()).to.deep.equal([...ops.keys()].sort());
    });
  }
});
