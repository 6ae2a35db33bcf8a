/**
 * Interleavings chosen by fast-check's scheduler: an adapter wrapper that makes every yield
 * (`sleep`), task start, direct await and task await wait on fc.scheduler, which releases them in an order it picks
 * (and shrinks). Only implementations whose task bodies may await outside promises can be driven
 * this way; the reference model refuses them by design (its loop alone resumes bodies), so for it
 * the sleep-insertion law (laws.ts) explores interleavings instead.
 */
import fc from 'fast-check';
import type { Adapter } from '../contract/adapter.ts';
import type { AsyncOp } from '../format/scenario.ts';
import { toScenario } from './build.ts';
import { adapterObserver, type Observer } from './observe.ts';

/** The adapter with yields and task starts gated by the scheduler; every other member is the adapter's own. */
export function scheduledAdapter(a: Adapter, s: fc.Scheduler): Adapter {
  const gate = (label: string) => s.schedule(Promise.resolve(), label);
  const overrides: Partial<Adapter> = {
    yieldOnce: async () => { await gate('sleep'); await a.yieldOnce(); },
    spawn: (body, options) => a.spawn(async () => { await gate('task start'); await body(); }, options),
    gather: (bodies, adopt) => a.gather(bodies.map((b) => async () => { await gate('gather child start'); await b(); }), adopt),
    callCoroutine: async (body) => { await gate('call'); await a.callCoroutine(body); },
    awaitTask: async (k) => { try { await a.awaitTask(k); } finally { await gate('after await'); } },
  };
  return new Proxy(a, {
    get(target, prop, receiver) {
      if (prop in overrides) return overrides[prop as keyof Adapter];
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs until `p` settles, releasing one gated step at a time, and only once the implementation has
 * gone quiet: so every task that can reach its gate has reached it, and the scheduler really
 * chooses among several (waitFor would release each as soon as it arrives, leaving no choice).
 */
async function drive<T>(s: fc.Scheduler, p: Promise<T>): Promise<T> {
  let done = false;
  const settled = p.finally(() => { done = true; });
  settled.catch(() => {});
  // A run that neither settles nor reaches a gate for this many turns is taken to hang.
  let idle = 0;
  while (!done) {
    await turn(); await turn();
    if (done) break;
    if (s.count() > 0) { idle = 0; await s.waitOne(); }
    else if (++idle > IDLE_TURNS) throw new Error(`the implementation neither finished nor yielded for ${IDLE_TURNS} event-loop turns`);
  }
  return settled;
}

const IDLE_TURNS = 100_000;

/** An observer that runs each program under the scheduler, letting it drive the run to its end. */
export function scheduledObserver(a: Adapter, s: fc.Scheduler): Observer {
  return adapterObserver(scheduledAdapter(a, s), { name: `${a.name} (scheduled)`, drive: (run) => drive(s, run) });
}

/** Whether the adapter runs a program with a yield and a task under the scheduler without complaint. */
export async function schedulable(a: Adapter): Promise<boolean> {
  const probe: AsyncOp[] = [{ op: 'create_task', name: 'T', body: [{ op: 'sleep' }] }, { op: 'sleep' }, { op: 'await_task', task: 'T' }];
  let ok = false;
  await fc.assert(fc.asyncProperty(fc.scheduler(), async (s) => {
    const r = await scheduledObserver(a, s).observe(toScenario(probe));
    ok = r.kind === 'ok';
  }), { numRuns: 1, seed: 0 });
  return ok;
}
