/**
 * An out-of-process scenario runner: `recorder.py --serve` under one Python interpreter (or any
 * command that takes a script and `--serve`), spoken to in pep567-runner/1 through the generic
 * runner process of harness/runners/ (harness/runners/PROTOCOL.md). One scenario is in flight at a
 * time. After a timeout, a crash or a garbled answer the process is discarded and the next
 * scenario starts a fresh one, so one bad scenario never poisons the rest.
 */
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../format/scenario.ts';
import type { Trace } from '../format/trace.ts';
import { keepsRunner, RunnerProcess, StartError } from '../runners/process.ts';
import { MAX_LINE_BYTES, PROTOCOL, type Handshake } from '../runners/protocol.ts';

export type { Handshake } from '../runners/protocol.ts';

export const RECORDER_PATH = fileURLToPath(new URL('../../reference/recorder.py', import.meta.url));
export const RUNNER_PROTOCOL = PROTOCOL;

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

const KIND_OF_STATUS = { TIMEOUT: 'timeout', CRASH: 'crash', PROTOCOL_ERROR: 'protocol-error', ERROR: 'crash' } as const;

export class PythonRunner {
  readonly python: string;
  private readonly recorder: string;
  private readonly scenarioTimeoutMs: number;
  private readonly startTimeoutMs: number;
  private session: RunnerProcess | undefined;
  private busy = false;

  constructor(options: PythonRunnerOptions) {
    this.python = options.python;
    this.recorder = options.recorder ?? RECORDER_PATH;
    this.scenarioTimeoutMs = options.scenarioTimeoutMs ?? 30000;
    this.startTimeoutMs = options.startTimeoutMs ?? 20000;
  }

  /** Start the interpreter (if it is not running) and return its handshake. */
  async start(): Promise<Handshake> {
    return (await this.ensure()).handshake;
  }

  private async ensure(): Promise<RunnerProcess> {
    if (this.session?.alive) return this.session;
    this.session = undefined;
    try {
      this.session = await RunnerProcess.start({ argv: [this.python, this.recorder, '--serve'] },
        { startTimeoutMs: this.startTimeoutMs, maxLineBytes: MAX_LINE_BYTES });
    } catch (e) {
      if (e instanceof StartError) throw new Error(`${this.python}: ${e.message}`);
      throw e;
    }
    return this.session;
  }

  /** Run one scenario under the id it is recorded as (its path under fixtures/ without .json). */
  async run(id: string, scenario: Scenario | unknown): Promise<RunnerResult> {
    if (this.busy) throw new Error('PythonRunner runs one scenario at a time');
    this.busy = true;
    try {
      let s: RunnerProcess;
      try { s = await this.ensure(); } catch (e) { return { error: { kind: 'crash', message: (e as Error).message } }; }
      // The hash is left to the caller (the record command compares it with the fixture's).
      const r = await s.exchange(id, scenario, undefined, this.scenarioTimeoutMs);
      if (r.trace) return { trace: r.trace };
      if (!keepsRunner(r) || !s.alive) this.discard();
      if (r.answer) return { error: { ...r.answer } };
      return { error: { kind: KIND_OF_STATUS[r.failure.status], message: `${this.python}: ${r.failure.message}` } };
    } finally {
      this.busy = false;
    }
  }

  private discard(): void {
    const s = this.session;
    this.session = undefined;
    s?.kill();
  }

  /** Ask the recorder to finish (end of input) and wait for it to exit; kill it if it lingers. */
  async close(graceMs = 5000): Promise<void> {
    const s = this.session;
    this.session = undefined;
    await s?.close(graceMs);
  }
}
