/**
 * recorder.py --serve under one Python interpreter (or any command that takes a script and
 * `--serve`), as the record command and the fuzzer's CPython oracle use it: the generic runner
 * client of harness/runners/ (harness/protocol/PROTOCOL.md), started on first use, with the runner's
 * own error answers kept whole. One scenario is in flight at a time; after a timeout, a crash or a
 * garbled answer the client discards the process and the next scenario starts a fresh one.
 */
import { fileURLToPath } from 'node:url';
import { UsageError } from '../primitives/usage-error.ts';
import type { Scenario } from '../format/scenario.ts';
import type { Trace } from '../format/trace.ts';
import { RunnerClient } from '../protocol/client.ts';
import type { Handshake } from '../protocol/protocol.ts';
import type { ErrorStatus } from '../primitives/statuses.ts';

export const RECORDER_PATH = fileURLToPath(new URL('../../reference/recorder.py', import.meta.url));

export interface RunnerError {
  /** scenario-error: the recorder refused the scenario; timeout: no answer in time; crash: the process or recorder failed;
   * protocol-error: the answer was not a protocol line (garbage, partial, oversized, another id). A runner's own
   * error kinds (e.g. adapter-error) pass through as it gave them. */
  kind: 'scenario-error' | 'timeout' | 'crash' | 'protocol-error' | (string & {});
  message: string;
  pointer?: string;
}

export type RunnerResult = { trace: Trace; error?: undefined } | { trace?: undefined; error: RunnerError };

export interface PythonRunnerOptions {
  /** The interpreter to run (a command on PATH or a path). */
  python: string;
  /** The recorder script; defaults to reference/recorder.py. */
  recorder?: string;
  /** How long one scenario may take before the process is killed (the recorder's own guard is 10 s). */
  scenarioTimeoutMs?: number;
  /** How long the interpreter may take to start and send its handshake. */
  startTimeoutMs?: number;
}

/** The recorder's error kind for each way a runner can fail (typed by the status table, so a new one must be mapped). */
const KIND_OF_STATUS: Record<ErrorStatus, string> = {
  TIMEOUT: 'timeout',
  CRASH: 'crash',
  PROTOCOL_ERROR: 'protocol-error',
  ERROR: 'crash',
  STALLED: 'timeout',
  OVERSIZED: 'crash',
};

export class PythonRunner {
  readonly python: string;
  private readonly recorder: string;
  private readonly scenarioTimeoutMs: number;
  private readonly startTimeoutMs: number;
  private client: Promise<RunnerClient> | undefined;
  private busy = false;

  constructor(options: PythonRunnerOptions) {
    this.python = options.python;
    this.recorder = options.recorder ?? RECORDER_PATH;
    this.scenarioTimeoutMs = options.scenarioTimeoutMs ?? 30000;
    this.startTimeoutMs = options.startTimeoutMs ?? 20000;
  }

  /** Start the interpreter (if it has not started) and return its handshake. */
  async start(): Promise<Handshake> {
    return (await this.open()).handshake;
  }

  private open(): Promise<RunnerClient> {
    if (!this.client) {
      // An interpreter that does not start is the caller's failure to report, not a usage error.
      const opening = RunnerClient.open({ command: { argv: [this.python, this.recorder, '--serve'] }, startTimeoutMs: this.startTimeoutMs })
        .catch((e: unknown) => { throw e instanceof UsageError ? new Error(e.message) : e; });
      // A start that failed is tried again on the next call.
      opening.catch(() => { if (this.client === opening) this.client = undefined; });
      this.client = opening;
    }
    return this.client;
  }

  /** Run one scenario under the id it is recorded as (its path under fixtures/ without .json). */
  async run(id: string, scenario: Scenario | unknown): Promise<RunnerResult> {
    if (this.busy) throw new Error('PythonRunner runs one scenario at a time');
    this.busy = true;
    try {
      let c: RunnerClient;
      try { c = await this.open(); } catch (e) { return { error: { kind: 'crash', message: (e as Error).message } }; }
      // The hash is left to the caller (the record command compares it with the fixture's).
      const r = await c.exchange({ id, scenario }, this.scenarioTimeoutMs);
      if (r.trace) return { trace: r.trace };
      if (r.answer) return { error: { ...r.answer } };
      return { error: { kind: KIND_OF_STATUS[r.failure.status], message: `${this.python}: ${r.failure.message}` } };
    } finally {
      this.busy = false;
    }
  }

  /** Ask the recorder to finish (end of input) and wait for it to exit; kill it if it lingers (5 s). */
  async close(): Promise<void> {
    const opening = this.client;
    this.client = undefined;
    await (await opening?.catch(() => undefined))?.close();
  }
}
