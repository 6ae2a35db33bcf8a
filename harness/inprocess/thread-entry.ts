/**
 * The worker thread of an in-process implementation (thread.ts starts it): it resolves the
 * implementation, opens it as an adapter source, and runs each scenario the main thread sends,
 * answering with the outcome. The main thread keeps every limit: it stops this thread when a
 * scenario outlives its timeout (a synchronous loop never reaches the timer below it) and on
 * SIGINT/SIGTERM. realm.ts is imported before the implementation, so its baseline of the
 * prototypes is this thread's own, taken before any implementation code ran.
 */
import { parentPort, workerData } from 'node:worker_threads';
import './realm.ts';
import { implementationSource } from './adapter-source.ts';
import { resolveImplementation } from './resolve.ts';
import { UsageError } from '../primitives/usage-error.ts';
import { printable, thrownOutsideOperations } from '../interpreter/errors.ts';
import type { SourceOptions, SourceOutcome, TraceSource } from '../protocol/source.ts';
import type { LoadedScenario } from '../scenarios/load.ts';
import { MAX_SCENARIO_CHARS, oversized } from '../protocol/process.ts';
import type { ToThread } from './thread.ts';

const port = parentPort!;
const { spec, options } = workerData as { spec: string; options: SourceOptions };

/** Errors thrown from the implementation's own callbacks: charged to the scenario running (as in its host), else said once. */
let during: unknown[] | null = null;
process.on('unhandledRejection', () => { /* the scenario's own result shows the effect of a lost promise */ });
process.on('uncaughtException', (e) => {
  if (during) during.push(e);
  else port.postMessage({ type: 'stray', message: printable(e).split('\n')[0] });
});

/** Posts a message; one that cannot be copied to the main thread (an adapter's odd value) is an ERROR saying so. */
function post(message: object, fallback: () => object): void {
  try { port.postMessage(message); } catch (e) { port.postMessage(fallback()); void e; }
}

function tooLarge(trace: unknown): boolean {
  try { return JSON.stringify(trace).length > MAX_SCENARIO_CHARS; } catch (e) { return e instanceof RangeError; }
}

async function run(source: TraceSource, s: LoadedScenario, timeoutMs: number): Promise<void> {
  const thrown: unknown[] = [];
  during = thrown;
  let outcome: SourceOutcome;
  try {
    outcome = await source.run(s, { timeoutMs });
  } catch (e) {
    outcome = { failure: { status: 'ERROR', message: printable(e) } };
  } finally { during = null; }
  if (thrown.length && outcome.trace) outcome = { failure: { status: 'ERROR', message: thrownOutsideOperations(thrown) } };
  // The cap a host's answer has (bounded memory for the run, the same verdict in both modes).
  if (outcome.trace && tooLarge(outcome.trace)) outcome = { failure: oversized() };
  post({ type: 'outcome', outcome }, () => ({ type: 'outcome', outcome: { failure: { status: 'ERROR', message: 'the implementation\'s result cannot be copied out of its thread' } } }));
}

try {
  const source = await implementationSource(await resolveImplementation(spec), options);
  const { info, features, differs } = source;
  post({ type: 'open', info: { ...info }, features: [...features], ...(differs ? { differs: { ...differs } } : {}) },
    () => ({ type: 'open-failed', usage: true, message: `${spec}: the adapter's name, version, features or differs are not plain data` }));
  // One scenario at a time: the main thread sends the next only after this one's answer.
  port.on('message', (m: ToThread) => { if (m.type === 'run') void run(source, m.scenario, m.timeoutMs); });
} catch (e) {
  port.postMessage({ type: 'open-failed', usage: e instanceof UsageError, message: e instanceof UsageError ? e.message : printable(e) });
}
