/**
 * An out-of-process scenario runner: `recorder.py --serve` under one Python interpreter, spoken to
 * in JSON lines (a handshake, then one request and one answer line per scenario). One scenario is
 * in flight at a time. After a timeout or a crash the process is discarded and the next scenario
 * starts a fresh one, so one bad scenario never poisons the rest.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../format/scenario.ts';
import type { ImplementationInfo, Trace } from '../format/trace.ts';

export const RECORDER_PATH = fileURLToPath(new URL('../../reference/recorder.py', import.meta.url));
export const RUNNER_PROTOCOL = 'pep567-runner/1';

export interface Handshake {
  protocol: string;
  implementation: ImplementationInfo;
  recorder: string;
  features: string[];
}

export interface RunnerError {
  /** scenario-error: the recorder refused the scenario; timeout: no answer in time; crash: the process or recorder failed. */
  kind: 'scenario-error' | 'timeout' | 'crash';
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

class LineReader {
  private buffer = '';
  private waiting: ((line: string | undefined) => void) | undefined;
  private lines: string[] = [];
  private closed = false;

  push(chunk: string): void {
    this.buffer += chunk;
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0) {
      this.deliver(this.buffer.slice(0, i));
      this.buffer = this.buffer.slice(i + 1);
    }
  }

  close(): void {
    this.closed = true;
    const w = this.waiting;
    this.waiting = undefined;
    w?.(undefined);
  }

  private deliver(line: string): void {
    const w = this.waiting;
    if (w) { this.waiting = undefined; w(line); } else this.lines.push(line);
  }

  /** The next line, or undefined when the stream ended. */
  next(): Promise<string | undefined> {
    if (this.lines.length) return Promise.resolve(this.lines.shift());
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => { this.waiting = resolve; });
  }
}

interface Session { child: ChildProcessWithoutNullStreams; lines: LineReader; stderr: string[]; handshake: Handshake }

export class PythonRunner {
  readonly python: string;
  private readonly recorder: string;
  private readonly scenarioTimeoutMs: number;
  private readonly startTimeoutMs: number;
  private session: Session | undefined;
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

  private async ensure(): Promise<Session> {
    if (this.session) return this.session;
    const child = spawn(this.python, [this.recorder, '--serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines = new LineReader();
    const stderr: string[] = [];
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (c: string) => lines.push(c));
    child.stdout.on('end', () => lines.close());
    child.stderr.on('data', (c: string) => { stderr.push(c); if (stderr.length > 50) stderr.shift(); });
    child.on('error', (e) => { stderr.push(String(e.message)); lines.close(); });
    child.stdin.on('error', () => { /* the exit is reported through stdout's end */ });
    const first = await withTimeout(lines.next(), this.startTimeoutMs);
    const fail = (why: string) => {
      child.kill('SIGKILL');
      return new Error(`${this.python}: ${why}${stderr.length ? `: ${stderr.join('').trim().split('\n').at(-1)}` : ''}`);
    };
    if (first === TIMED_OUT) throw fail(`no handshake within ${this.startTimeoutMs} ms`);
    if (first === undefined) throw fail('exited before its handshake');
    let handshake: Handshake;
    try { handshake = JSON.parse(first); } catch { throw fail(`not a handshake: ${first.slice(0, 120)}`); }
    if (handshake.protocol !== RUNNER_PROTOCOL) throw fail(`speaks ${handshake.protocol}, expected ${RUNNER_PROTOCOL}`);
    this.session = { child, lines, stderr, handshake };
    return this.session;
  }

  /** Run one scenario under the id it is recorded as (its path under fixtures/ without .json). */
  async run(id: string, scenario: Scenario | unknown): Promise<RunnerResult> {
    if (this.busy) throw new Error('PythonRunner runs one scenario at a time');
    this.busy = true;
    try {
      let s: Session;
      try { s = await this.ensure(); } catch (e) { return { error: { kind: 'crash', message: (e as Error).message } }; }
      s.child.stdin.write(JSON.stringify({ id, scenario }) + '\n');
      const line = await withTimeout(s.lines.next(), this.scenarioTimeoutMs);
      if (line === TIMED_OUT) {
        this.discard();
        return { error: { kind: 'timeout', message: `no answer from ${this.python} within ${this.scenarioTimeoutMs} ms` } };
      }
      if (line === undefined) {
        const why = s.stderr.join('').trim().split('\n').at(-1) ?? '';
        this.discard();
        return { error: { kind: 'crash', message: `${this.python} exited${why ? `: ${why}` : ''}` } };
      }
      let answer: any;
      try { answer = JSON.parse(line); } catch {
        this.discard();
        return { error: { kind: 'crash', message: `unreadable answer: ${line.slice(0, 120)}` } };
      }
      if (answer && typeof answer === 'object' && answer.error) {
        if (answer.id !== id) this.discard();
        return { error: answer.error as RunnerError };
      }
      if (answer?.scenario !== id) {
        this.discard();
        return { error: { kind: 'crash', message: `answer for ${JSON.stringify(answer?.scenario)}, expected ${JSON.stringify(id)}` } };
      }
      return { trace: answer as Trace };
    } finally {
      this.busy = false;
    }
  }

  private discard(): void {
    const s = this.session;
    this.session = undefined;
    if (s && s.child.exitCode === null) s.child.kill('SIGKILL');
  }

  /** Ask the recorder to finish (end of input) and wait for it to exit; kill it if it lingers. */
  async close(graceMs = 5000): Promise<void> {
    const s = this.session;
    this.session = undefined;
    if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => s.child.once('exit', () => resolve()));
    s.child.stdin.end();
    if (await withTimeout(exited, graceMs) === TIMED_OUT) {
      s.child.kill('SIGKILL');
      await exited;
    }
  }
}

const TIMED_OUT: unique symbol = Symbol('timed out');

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<typeof TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(TIMED_OUT), ms); });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
