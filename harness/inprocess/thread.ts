/**
 * An in-process implementation in a worker thread of the harness's process (thread-entry.ts), so the
 * harness keeps its own thread whatever the implementation does: a scenario that loops
 * synchronously is stopped at its timeout (TIMEOUT; a fresh thread serves the next scenario), and
 * SIGINT/SIGTERM stop every such thread at once (the run then writes the report of what finished).
 * An implementation that calls process.exit ends only its thread: that scenario is a CRASH, as in
 * its host. What it prints passes through to stderr, prefixed, as a host's does.
 *
 * The thread's own timer judges an asynchronous hang (TIMEOUT with the observations made); the
 * main thread's, GRACE_MS later, only a thread that never returns to its event loop.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../primitives/worker.ts';
import { UsageError } from '../primitives/usage-error.ts';
import { OpenFailure } from '../protocol/open-failure.ts';
import { escapeControls, relayOutput } from '../protocol/relay.ts';
import type { SourceFailure, SourceOptions, SourceOutcome, TraceSource } from '../protocol/source.ts';
import type { LoadedScenario } from '../scenarios/load.ts';

export type ToThread = { type: 'run'; scenario: LoadedScenario; timeoutMs: number };
type FromThread =
  | { type: 'open'; info: TraceSource['info']; features: string[]; differs?: Record<string, string> }
  | { type: 'open-failed'; usage: boolean; message: string }
  | { type: 'outcome'; outcome: SourceOutcome }
  | { type: 'stray'; message: string };

/** How long after the scenario's own timeout the main thread stops a thread that never answered. */
export const GRACE_MS = 1000;
/** How long a thread may take to load its implementation (as a host's start timeout). */
const START_TIMEOUT_MS = Number(process.env.PEP567_HOST_START_TIMEOUT_MS) > 0 ? Number(process.env.PEP567_HOST_START_TIMEOUT_MS) : 20000;

const ENTRY = new URL(`./thread-entry${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** Threads alive now: stopped together on SIGINT/SIGTERM, whatever they are doing. */
const LIVE = new Set<Worker>();
let signalsHooked = false;
function track(w: Worker): void {
  LIVE.add(w);
  w.once('exit', () => LIVE.delete(w));
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => { stopAllThreads(); if (process.listenerCount(signal) === 0) process.kill(process.pid, signal); });
}

/** Set once stopAllThreads ran: a thread that ends afterwards was stopped, it did not end itself. */
let interrupted = false;

/** Stops every implementation thread now (an interrupted run); returns how many. */
export function stopAllThreads(): number {
  interrupted = true;
  const all = [...LIVE];
  for (const w of all) void w.terminate();
  return all.length;
}

interface Thread {
  worker: Worker;
  /** The next message, or how the thread ended. */
  next(): Promise<FromThread | { type: 'gone'; code: number; error?: unknown }>;
}

/** Process-wide heap limit for the thread, as PEP567_HOST_MAX_OLD_SPACE_MB gives a host. */
function limits(): { resourceLimits?: { maxOldGenerationSizeMb: number } } {
  const mb = Number(process.env.PEP567_HOST_MAX_OLD_SPACE_MB);
  return Number.isFinite(mb) && mb > 0 ? { resourceLimits: { maxOldGenerationSizeMb: mb } } : {};
}

function startThread(spec: string, options: SourceOptions): Thread {
  const worker = startWorker(ENTRY, { workerData: { spec, options: { reference: options.reference } }, stdout: true, stderr: true, ...limits() });
  track(worker);
  relayOutput([worker.stdout, worker.stderr], spec, () => {});
  const queue: FromThread[] = [];
  let gone: { type: 'gone'; code: number; error?: unknown } | undefined;
  let error: unknown;
  let waiter: (() => void) | undefined;
  const wake = () => { const w = waiter; waiter = undefined; w?.(); };
  worker.on('message', (m: FromThread) => {
    if (m.type === 'stray') { process.stderr.write(`pep567 [${escapeControls(spec)}] threw outside any scenario: ${escapeControls(m.message)}\n`); return; }
    queue.push(m); wake();
  });
  worker.on('error', (e) => { error = e; });
  worker.on('exit', (code) => { gone = { type: 'gone', code, ...(error !== undefined ? { error } : {}) }; wake(); });
  return {
    worker,
    async next() {
      for (;;) {
        if (queue.length) return queue.shift()!;
        if (gone) return gone;
        await new Promise<void>((r) => { waiter = r; });
      }
    },
  };
}

/** The next message, or 'late' when none came within ms. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<'late'>((r) => { timer = setTimeout(() => r('late'), ms); })]);
  } finally { clearTimeout(timer); }
}

const why = (g: { code: number; error?: unknown }) =>
  interrupted ? 'its thread was stopped: the run was interrupted'
  : g.error !== undefined ? `${(g.error as Error)?.message ?? String(g.error)}` : `the implementation ended its thread (exit code ${g.code})`;

/** Opens a thread and waits for its implementation to load; refuses as a host would (UsageError, OpenFailure). */
async function open(spec: string, options: SourceOptions): Promise<{ thread: Thread; opened: Extract<FromThread, { type: 'open' }> }> {
  const thread = startThread(spec, options);
  const m = await within(thread.next(), START_TIMEOUT_MS);
  if (m === 'late') { await thread.worker.terminate(); throw new OpenFailure('TIMEOUT', `${spec}: the implementation did not finish loading within ${START_TIMEOUT_MS} ms`); }
  if (m.type === 'open') return { thread, opened: m };
  await thread.worker.terminate();
  if (m.type === 'open-failed') { if (m.usage) throw new UsageError(m.message); throw new OpenFailure('ERROR', `${spec}: ${m.message}`); }
  if (m.type === 'gone') throw new OpenFailure('CRASH', `${spec}: ${why(m)} while loading`);
  throw new OpenFailure('PROTOCOL_ERROR', `${spec}: the thread answered ${m.type} while loading`);
}

export async function threadSource(spec: string, options: SourceOptions): Promise<TraceSource> {
  const first = await open(spec, options);
  const opened = first.opened;
  let current: Thread | undefined = first.thread;
  const fail = (status: SourceFailure['status'], message: string): SourceOutcome => ({ failure: { status, message } });
  return {
    info: opened.info,
    features: opened.features,
    ...(opened.differs ? { differs: opened.differs } : {}),
    async run(s, { timeoutMs }) {
      if (!current) {
        try { ({ thread: current } = await open(spec, options)); } catch (e) {
          if (e instanceof OpenFailure) return fail(e.status, e.message);
          return fail('ERROR', `could not create the adapter: ${(e as Error)?.message ?? e}`);
        }
      }
      const t = current;
      t.worker.postMessage({ type: 'run', scenario: s, timeoutMs } satisfies ToThread);
      const m = await within(t.next(), timeoutMs + GRACE_MS);
      if (m !== 'late' && m.type === 'outcome') return m.outcome;
      // It looped, ended itself or broke: stopped, and the next scenario gets a fresh thread.
      current = undefined;
      await t.worker.terminate();
      if (m === 'late') return fail('TIMEOUT', `scenario ${s.id} did not finish within ${timeoutMs} ms (it never returned to its event loop; its thread was stopped)`);
      if (m.type === 'gone') return fail('CRASH', why(m));
      return fail('PROTOCOL_ERROR', `the thread answered ${m.type} to a scenario`);
    },
    async close() {
      const t = current;
      current = undefined;
      if (t) await t.worker.terminate();
    },
  };
}
