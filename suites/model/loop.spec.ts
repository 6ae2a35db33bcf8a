/**
 * The model loop's scheduling order and context handling, driven through the adapter. Each
 * expected order was printed by CPython 3.7.16, 3.11.7 and 3.13.0 running the same program
 * with asyncio (the Python program is quoted next to each test).
 */
import { expect } from 'chai';
import { createModelAdapter } from '../../harness/model/adapter.ts';
import type { Adapter } from '../../harness/contract/adapter.ts';

const model = (version = '3.11.7'): Adapter => createModelAdapter({ reference: { name: 'cpython', version } });

describe('model event loop', () => {
  /*
   * A = create_task(a); B, C wait on ev; W awaits A; call_soon(cb); sleep; ev.set();
   * T = create_task(tick: 4 sleeps); await gather(g1 (sleeps once), g2); await T
   * CPython: a1 b1 c1 w1 cb m1 m2 a2 b2 c2 t0 g1a g2a w2 t1 g1b t2 t3 m3
   */
  it('runs steps and callbacks in asyncio order (creation, sleep(0), events, await task, gather)', async () => {
    const a = model();
    const log: string[] = [];
    await a.runMain(async () => {
      const ev = a.newEvent();
      const A = a.spawn(async () => { log.push('a1'); await a.yieldOnce(); log.push('a2'); }, {});
      a.spawn(async () => { log.push('b1'); await a.waitEvent(ev); log.push('b2'); }, {});
      a.spawn(async () => { log.push('c1'); await a.waitEvent(ev); log.push('c2'); }, {});
      a.spawn(async () => { log.push('w1'); await a.awaitTask(A); log.push('w2'); }, {});
      a.callSoon(() => log.push('cb'), {});
      await a.yieldOnce();
      log.push('m1');
      a.setEvent(ev);
      log.push('m2');
      const T = a.spawn(async () => { for (let i = 0; i < 4; i++) { log.push(`t${i}`); await a.yieldOnce(); } }, {});
      await a.gather([
        async () => { log.push('g1a'); await a.yieldOnce(); log.push('g1b'); },
        async () => { log.push('g2a'); },
      ], () => {});
      log.push('m3');
      await a.awaitTask(T);
    });
    expect(log.join(' ')).to.equal('a1 b1 c1 w1 cb m1 m2 a2 b2 c2 t0 g1a g2a w2 t1 g1b t2 t3 m3');
  });

  it('a task copies the context at creation; its changes stay in its copy', async () => {
    const a = model();
    const seen: unknown[] = [];
    await a.runMain(async () => {
      const v = a.newVar('v', { default: 'd' });
      a.set(v, 'before');
      const t = a.spawn(async () => { seen.push(a.get(v)); a.set(v, 'child'); }, {});
      a.set(v, 'after');
      await a.awaitTask(t);
      seen.push(a.get(v));
    });
    expect(seen).to.deep.equal(['before', 'after']);
  });

  it('context= gives the task that very Context object, whose changes stay in it', async () => {
    const a = model();
    const seen: unknown[] = [];
    await a.runMain(async () => {
      const v = a.newVar('v');
      const c = a.newContext();
      const t = a.spawn(async () => { a.set(v, 1); }, { context: c });
      await a.awaitTask(t);
      seen.push(a.contextGet(c, v), a.contains(a.copyContext(), v));
    });
    expect(seen).to.deep.equal([1, false]);
  });

  it('call_soon copies at scheduling; a directly awaited body shares the caller context', async () => {
    const a = model();
    const seen: unknown[] = [];
    await a.runMain(async () => {
      const v = a.newVar('v', { default: 0 });
      a.set(v, 1);
      a.callSoon(() => { seen.push(a.get(v)); a.set(v, 99); }, {});
      a.set(v, 2);
      await a.yieldOnce();
      seen.push(a.get(v));
      await a.callCoroutine(async () => { await a.yieldOnce(); a.set(v, 3); });
      seen.push(a.get(v));
    });
    expect(seen).to.deep.equal([1, 2, 3]);
  });

  it("a task's context is entered only during its steps", async () => {
    const a = model();
    const seen: unknown[] = [];
    await a.runMain(async () => {
      const v = a.newVar('v', { default: 'none' });
      const c = a.newContext();
      const t = a.spawn(async () => { a.set(v, 'in-task'); await a.yieldOnce(); seen.push(a.get(v)); }, { context: c });
      await a.yieldOnce();
      // Between the task's steps, c can be entered by someone else.
      seen.push(a.run(c, () => a.get(v)));
      await a.awaitTask(t);
    });
    expect(seen).to.deep.equal(['in-task', 'in-task']);
  });

  it('an error in a task is raised again by every await of it', async () => {
    const a = model();
    const kinds: string[] = [];
    await a.runMain(async () => {
      const v = a.newVar('v');
      const t = a.spawn(async () => { a.get(v); }, {});
      for (let i = 0; i < 2; i++) {
        try { await a.awaitTask(t); } catch (e) { kinds.push(a.classifyError(e)!.kind); }
      }
    });
    expect(kinds).to.deep.equal(['LookupError', 'LookupError']);
  });

  it('a TaskGroup child that fails cancels its siblings and the group raises an ExceptionGroup', async () => {
    const a = model('3.11.7');
    const log: string[] = [];
    let error: { kind: string; message: string } | undefined;
    await a.runMain(async () => {
      const v = a.newVar('v');
      try {
        await a.taskGroup(async (g) => {
          a.spawn(async () => { await a.yieldOnce(); a.get(v); }, { group: g });
          a.spawn(async () => {
            try { for (let i = 0; i < 5; i++) { await a.yieldOnce(); log.push(`s${i}`); } }
            catch (e) { log.push(a.classifyError(e)!.kind); throw e; }
          }, { group: g });
        });
      } catch (e) { error = a.classifyError(e); }
    });
    expect(log).to.deep.equal(['s0', 'CancelledError']);
    expect(error).to.deep.equal({ kind: 'ExceptionGroup', message: 'unhandled errors in a TaskGroup (1 sub-exception)' });
  });

  it('a finished TaskGroup refuses new tasks, quoting its repr as asyncio does', async () => {
    const a = model('3.12.1');
    const messages: string[] = [];
    await a.runMain(async () => {
      const v = a.newVar('v');
      let g1: unknown, g2: unknown;
      await a.taskGroup(async (g) => { g1 = g; });
      try { a.spawn(async () => {}, { group: g1 }); } catch (e) { messages.push(a.classifyError(e)!.message); }
      try {
        await a.taskGroup(async (g) => {
          g2 = g;
          a.spawn(async () => { a.get(v); }, { group: g });
          await a.yieldOnce();
          await a.yieldOnce();
        });
      } catch (e) { messages.push(a.classifyError(e)!.message); }
      try { a.spawn(async () => {}, { group: g2 }); } catch (e) { messages.push(a.classifyError(e)!.message); }
    });
    // CPython 3.11.7, 3.12.1 and 3.13.0 print exactly these.
    expect(messages).to.deep.equal([
      'TaskGroup <TaskGroup entered> is finished',
      'unhandled errors in a TaskGroup (1 sub-exception)',
      'TaskGroup <TaskGroup cancelling> is finished',
    ]);
  });

  it('wait_for makes a task before 3.12 and awaits directly from 3.12 (catalog 118)', async () => {
    const results: Record<string, unknown> = {};
    for (const version of ['3.11.7', '3.12.1']) {
      const a = model(version);
      await a.runMain(async () => {
        const v = a.newVar('v', { default: 'p' });
        await a.waitFor!(async () => { a.set(v, 'wait_for'); });
        results[version] = a.get(v);
      });
    }
    expect(results).to.deep.equal({ '3.11.7': 'p', '3.12.1': 'wait_for' });
  });

  it('threads start empty; to_thread passes a copy; the executor worker keeps its own context', async () => {
    const a = model();
    const seen: unknown[] = [];
    await a.runMain(async () => {
      const v = a.newVar('v', { default: 'default' });
      a.set(v, 'caller');
      a.thread!(() => { seen.push(a.get(v)); a.set(v, 'thread'); });
      await a.toThread!(() => { seen.push(a.get(v)); a.set(v, 'to_thread'); });
      await a.runInExecutor!(() => { seen.push(a.get(v)); a.set(v, 'job1'); });
      await a.runInExecutor!(() => { seen.push(a.get(v)); });
      seen.push(a.get(v));
    });
    expect(seen).to.deep.equal(['default', 'caller', 'default', 'job1', 'caller']);
  });

  /*
   * set v 1; A = create_task(get, sleep, get); await to_thread(J: get); get;
   * await run_in_executor(K: get, set 5); B = create_task(get); await run_in_executor(L: get)
   * CPython 3.11.7: J1 A1 A1 m1 K0 B1 L5 (a new pool thread runs its job at once; the idle
   * worker runs L only once the loop thread blocks, after B's first step).
   */
  it('runs executor jobs when their worker thread gets the GIL', async () => {
    const a = model();
    const log: string[] = [];
    await a.runMain(async () => {
      const v = a.newVar('v', { default: 0 });
      a.set(v, 1);
      a.spawn(async () => { log.push(`A${a.get(v)}`); await a.yieldOnce(); log.push(`A${a.get(v)}`); }, {});
      await a.toThread!(() => { log.push(`J${a.get(v)}`); });
      log.push(`m${a.get(v)}`);
      await a.runInExecutor!(() => { log.push(`K${a.get(v)}`); a.set(v, 5); });
      a.spawn(async () => { log.push(`B${a.get(v)}`); }, {});
      await a.runInExecutor!(() => { log.push(`L${a.get(v)}`); });
    });
    expect(log.join(' ')).to.equal('J1 A1 A1 m1 K0 B1 L5');
  });

  it('reports a main task that waits forever on a promise nobody settles', async () => {
    const a = model();
    let failure: unknown;
    try { await a.runMain(() => new Promise<void>(() => {})); } catch (e) { failure = e; }
    expect(String(failure)).to.match(/main task never finished/);
  });

  /*
   * The model drives bodies through its hooks only: a hook that suspends returns a promise that only
   * a later step of the same task settles. A body the adapter's caller resumes some other way (here
   * a plain promise the child's code settles, inside the child's step) is not the Python the
   * interpreter runs; its next awaiting hook refuses it, and the main task fails with that harness
   * fault instead of going on in another task's step.
   */
  it('refuses, as a harness fault, a body resumed by a promise no hook of its own returned', async () => {
    const a = model();
    const seen: unknown[] = [];
    let failure: unknown;
    try {
      await a.runMain(async () => {
        const v = a.newVar('v', { default: 'd' });
        a.set(v, 'main');
        let release!: () => void;
        const foreign = new Promise<void>((r) => { release = r; });
        a.spawn(async () => { a.set(v, 'child'); await a.yieldOnce(); release(); await a.yieldOnce(); seen.push('child ended'); }, {});
        await foreign;
        await a.yieldOnce();
        seen.push('main went on');
      });
    } catch (e) { failure = e; }
    expect(String(failure)).to.match(/model: an awaiting hook was called outside its task step/);
    expect(seen).to.deep.equal(['child ended']);
  });
});
