/**
 * One runner process: started, greeted (the handshake), asked one scenario at a time, and killed
 * whole (its process group) when it misbehaves. It never restarts itself; the client does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { SourceFailure } from './source.ts';
import { LineReader, type LineEvent } from './lines.ts';
import { preview, STREAM_ERROR_KINDS, readHandshake, readMessage, type ErrorAnswer, type Handshake } from './protocol.ts';
import type { Observation, Trace } from '../format/trace.ts';

export interface RunnerCommand {
  /** Executable and arguments, e.g. ['python3', 'reference/recorder.py', '--serve']. */
  argv: string[];
  /** Environment of the runner (process.env's shape, spelled out so the public types need no @types/node). */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface ProcessLimits {
  /** From spawn to a complete handshake line. */
  startTimeoutMs: number;
  maxLineBytes: number;
}

export type Exchange = (
  | { trace: Trace; failure?: undefined; answer?: undefined; pointer?: undefined }
  /** answer: the runner's own error answer, when that is what the failure is. */
  | { trace?: undefined; failure: SourceFailure; answer?: ErrorAnswer['error']; pointer?: string }
) & {
  /** The runner asked to be replaced before the next scenario (revision 2: e.g. a scenario left timers behind). */
  replace?: boolean;
};

/** Whether the runner is still in step after this exchange: a trace, a refusal, or its own timeout (or stall). */
export function keepsRunner(r: Exchange): boolean {
  return !r.replace && (r.trace !== undefined || (r.answer !== undefined && r.answer.kind !== 'crash'));
}

const STDERR_KEEP = 8192;

/**
 * Runner processes still running. They are detached (a process group each, to kill a whole group),
 * so they would outlive a harness that exits or is interrupted, and a host stuck in a synchronous
 * loop never notices its input closing: the harness kills them all when it goes, and an
 * interrupted run ends them at once (killAllRunners).
 */
const LIVE = new Set<RunnerProcess>();

/** Kills every runner's process group now, without waiting for a scenario in flight (SIGINT, SIGTERM); returns how many. */
export function killAllRunners(): number {
  const all = [...LIVE];
  for (const p of all) p.kill();
  return all.length;
}

let exitHooked = false;
function killAllOnExit(p: RunnerProcess): void {
  LIVE.add(p);
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => { killAllRunners(); });
  // A command with a signal handler of its own (run's interruption: report, then exit 130) ends
  // the process itself; otherwise die of the signal as usual once the runners are gone.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => { killAllRunners(); if (process.listenerCount(signal) === 0) process.kill(process.pid, signal); });
}

class StartError extends Error {
  /** detail: the message without stderr; exitCode and stderr (its last line) when the runner exited. */
  constructor(readonly status: SourceFailure['status'], message: string,
    readonly detail = message, readonly exitCode: number | null = null, readonly stderr = '') { super(message); }
}
export { StartError };


export class RunnerProcess {
  readonly handshake: Handshake;
  private constructor(private readonly child: ChildProcess, private readonly lines: LineReader,
    private readonly stderr: { text: string }, handshake: Handshake, private readonly name: string) {
    this.handshake = handshake;
  }

  /** Spawn and read the handshake; throws StartError saying why the runner could not start. */
  static async start(cmd: RunnerCommand, limits: ProcessLimits): Promise<RunnerProcess> {
    const [file, ...args] = cmd.argv;
    if (!file) throw new StartError('CRASH', 'empty runner command');
    // Its own process group, so a runner that is a shell script dies with its children.
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: cmd.env ?? process.env, ...(cmd.cwd ? { cwd: cmd.cwd } : {}) });
    const lines = new LineReader(limits.maxLineBytes);
    const stderr = { text: '' };
    child.stdout!.on('data', (c: Buffer) => lines.push(c));
    child.stdout!.on('end', () => lines.end());
    child.stdout!.on('error', () => lines.end());
    child.stderr!.on('data', (c: Buffer) => { stderr.text = (stderr.text + c.toString('utf8')).slice(-STDERR_KEEP); });
    child.on('error', (e) => { stderr.text += `\n${e.message}`; lines.end(); });
    // A child of the runner may keep stdout open after the runner exits: end it shortly after the exit.
    child.on('exit', () => { setTimeout(() => lines.end(), 200).unref(); });
    child.stdin!.on('error', () => { /* a dead runner shows up as the end of its stdout */ });
    const p = new RunnerProcess(child, lines, stderr, undefined as unknown as Handshake, file);
    killAllOnExit(p);
    child.once('exit', () => LIVE.delete(p));
    const first = await p.within(lines.next(), limits.startTimeoutMs);
    const fail = (status: StartError['status'], why: string) => {
      p.kill();
      // The whole last line for the caller (a host's load failure is the user's one-line reason, feature list and all).
      return new StartError(status, `${why}${p.lastStderr()}`, why, p.child.exitCode, p.stderrLine(STDERR_KEEP));
    };
    if (first === TIMED_OUT) throw fail('TIMEOUT', `no handshake within ${limits.startTimeoutMs} ms`);
    if (first.kind === 'end') await p.exited(500);
    if (first.kind === 'end') throw fail(first.partial ? 'PROTOCOL_ERROR' : 'CRASH', first.partial ? `exited after a partial handshake line (${first.partial} bytes, no newline)` : `exited before its handshake${p.exitText()}`);
    if (first.kind !== 'line') throw fail('PROTOCOL_ERROR', `handshake: ${describeEvent(first, limits.maxLineBytes)}`);
    const h = readHandshake(first.text);
    if (typeof h === 'string') throw fail('PROTOCOL_ERROR', h);
    (p as { handshake: Handshake }).handshake = h;
    return p;
  }

  /** Lines written after the last answer, which nobody asked for: the runner is out of step. */
  get unsolicited(): number { return this.lines.queued; }

  get alive(): boolean { return this.child.exitCode === null && this.child.signalCode === null; }
  get pid(): number | undefined { return this.child.pid; }

  /**
   * Send one scenario and read its answer; any failure leaves the process to be killed by the caller.
   * With `stream`, observation lines before the answer are collected, and a failure keeps them.
   */
  async exchange(id: string, scenario: unknown, hash: string | undefined, timeoutMs: number, stream = (this.handshake.revision ?? 1) >= 2): Promise<Exchange> {
    this.child.stdin!.write(JSON.stringify(stream ? { id, scenario, stream } : { id, scenario }) + '\n');
    const seen: Observation[] = [];
    const deadline = performance.now() + timeoutMs;
    const failed = (f: SourceFailure, extra: Partial<Exchange> = {}): Exchange =>
      ({ failure: stream ? { ...f, observations: seen } : f, ...extra } as Exchange);
    for (;;) {
      const e = await this.within(this.lines.next(), Math.max(0, deadline - performance.now()));
      if (e === TIMED_OUT) {
        const partial = this.lines.pendingBytes;
        return failed(partial
          ? { status: 'PROTOCOL_ERROR', message: `a partial line: ${partial} bytes without a newline, then silence for ${timeoutMs} ms` }
          : { status: 'TIMEOUT', message: `no answer within ${timeoutMs} ms${this.lastStderr()}` });
      }
      if (e.kind === 'end') {
        await this.exited(500);
        return failed(e.partial
          ? { status: 'PROTOCOL_ERROR', message: `a partial line: ${e.partial} bytes without a newline, then the runner exited${this.exitText()}` }
          : { status: 'CRASH', message: `the runner exited during the scenario${this.exitText()}${this.lastStderr()}` });
      }
      if (e.kind !== 'line') return failed({ status: 'PROTOCOL_ERROR', message: describeEvent(e, this.lines.maxLineBytes) });
      const a = readMessage(e.text, id, hash, stream);
      if ('observation' in a) { seen.push(a.observation); continue; }
      if ('protocolError' in a) return failed({ status: 'PROTOCOL_ERROR', message: a.protocolError });
      const replace = a.replace ? { replace: true } : {};
      if ('error' in a) {
        const status = STREAM_ERROR_KINDS[a.error.kind]!;
        return failed({ status, message: a.error.kind === 'stalled' ? a.error.message : `${a.error.kind}: ${a.error.message}`, ...(a.error.waiting ? { waiting: a.error.waiting } : {}) },
          { answer: a.error, ...(a.error.pointer !== undefined ? { pointer: a.error.pointer } : {}), ...replace });
      }
      return { trace: a.trace, ...replace };
    }
  }

  /** Kills the whole process group, so what the runner started dies too, even after the runner itself exited. */
  kill(): void {
    LIVE.delete(this);
    const pid = this.child.pid;
    if (pid === undefined) return;
    try { process.kill(-pid, 'SIGKILL'); } catch { if (this.alive) this.child.kill('SIGKILL'); }
  }

  /** End of input asks the runner to exit; one that lingers past graceMs is killed. */
  async close(graceMs: number): Promise<void> {
    if (this.alive) {
      this.child.stdin!.end();
      if (!await this.exited(graceMs)) { this.kill(); await this.exited(2000); }
    }
    this.kill(); // whatever it started and left behind
  }

  private exited(ms: number): Promise<boolean> {
    if (!this.alive) return Promise.resolve(true);
    return this.within(new Promise<boolean>((resolve) => this.child.once('exit', () => resolve(true))), ms).then((r) => r === true);
  }

  private exitText(): string {
    const { exitCode, signalCode } = this.child;
    return exitCode !== null ? ` (exit status ${exitCode})` : signalCode ? ` (signal ${signalCode})` : '';
  }

  /** The last line of stderr, or the line of a fatal error (V8 prints a stack after it: heap exhaustion). */
  private stderrLine(limit = 300): string {
    const lines = this.stderr.text.trim().split('\n');
    const fatal = lines.findLast((l) => /FATAL ERROR/.test(l));
    return (fatal ?? lines.at(-1))?.trim().slice(0, limit) ?? '';
  }

  private lastStderr(): string {
    const last = this.stderrLine();
    return last ? `; ${this.name} said: ${last}` : '';
  }

  private within<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
    let timer: NodeJS.Timeout | undefined;
    const t = new Promise<typeof TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(TIMED_OUT), ms); });
    return Promise.race([p, t]).finally(() => clearTimeout(timer));
  }
}

const TIMED_OUT: unique symbol = Symbol('timed out');

function describeEvent(e: LineEvent, limit: number): string {
  switch (e.kind) {
    case 'oversized': return `a line over the limit of ${limit} bytes (${e.bytes} bytes without a newline when the harness stopped reading)`;
    case 'not-utf8': return `a line of ${e.bytes} bytes that is not UTF-8`;
    case 'line': return `unexpected line ${preview(e.text)}`;
    case 'end': return 'end of output';
  }
}
