/**
 * One runner process: started, greeted (the handshake), asked one scenario at a time, and killed
 * whole (its process tree, tree.ts) when it misbehaves or is done. It never restarts itself; the client does.
 *
 * A runner speaks on its stdin and stdout. A host (`channel: true`, harness/runtimes/host.ts) speaks
 * on a channel of its own instead, file descriptor 3: the first line written there is a secret made
 * for this process, and every line read back must start with it, so nothing the implementation
 * writes (to fd 1, or to fd 3 itself) is read as an answer. The host's stdout and stderr are then
 * the implementation's own output, passed through to the harness's stderr, each line prefixed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readlinkSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { SourceFailure } from './source.ts';
import { LineReader, type LineEvent } from './lines.ts';
import { relayOutput } from './relay.ts';
import { killTree, startTime, TREE_VAR } from './tree.ts';
import { Cgroup } from './cgroup.ts';
import { preview, STREAM_ERROR_KINDS, readHandshake, readMessage, type ErrorAnswer, type Handshake } from './protocol.ts';
import type { Observation, Trace } from '../format/trace.ts';

export interface RunnerCommand {
  /** Executable and arguments, e.g. ['python3', 'reference/recorder.py', '--serve']. */
  argv: string[];
  /** Environment of the runner (process.env's shape, spelled out so the public types need no @types/node). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Speak on fd 3 with a per-process secret, and pass stdout and stderr through (a host). */
  channel?: boolean;
  /** Who the passed-through output is from, for its prefix. */
  label?: string;
}

export interface ProcessLimits {
  /** From spawn to a complete handshake line. */
  startTimeoutMs: number;
  maxLineBytes: number;
}

export type Exchange = (
  /** streamed: with `stream`, the observation lines read before this answer, in order. */
  | { trace: Trace; streamed?: Observation[]; failure?: undefined; answer?: undefined; pointer?: undefined }
  /** answer: the runner's own error answer, when that is what the failure is. */
  | { trace?: undefined; streamed?: undefined; failure: SourceFailure; answer?: ErrorAnswer['error']; pointer?: string }
) & {
  /** The runner asked to be replaced before the next scenario (revision 2: e.g. a scenario left timers behind). */
  replace?: boolean;
  /**
   * The runner was gone before it read this request: its input was closed (the write failed), or
   * its output ended with nothing said in answer. A runner that exits or closes its input right
   * after an answer looks like this on the next request, which it never saw (client.ts retries).
   */
  unheard?: boolean;
};

/** Whether the runner is still in step after this exchange: a trace, a refusal, or its own timeout (or stall). */
export function keepsRunner(r: Exchange): boolean {
  return !r.replace && (r.trace !== undefined || (r.answer !== undefined && r.answer.kind !== 'crash'));
}

const STDERR_KEEP = 8192;
/**
 * The most JSON one scenario's answer (its streamed observations and its trace) may come to. A
 * corpus trace is a few KiB; a runner answering 15 MB per scenario made a report too large to
 * write (a string over V8's limit, exit 3) and a 566 MB journal. Over it, the scenario is an ERROR
 * that says so and keeps nothing.
 */
export const MAX_SCENARIO_CHARS = 4 * 2 ** 20;
/** A scenario whose answer passed MAX_SCENARIO_CHARS (in a host, a runner, or an in-process thread alike). */
export const oversized = (): SourceFailure =>
  ({ status: 'OVERSIZED', message: `the answer to this scenario came to more than ${MAX_SCENARIO_CHARS / 2 ** 20} MiB of JSON, the most one scenario may record; what it recorded is not kept` });

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
    private readonly stderr: { text: string }, handshake: Handshake, private readonly name: string,
    private readonly input: Writable, private readonly token: string, private readonly started: number,
    private readonly cgroup: Cgroup | undefined) {
    this.handshake = handshake;
  }

  /** Spawn and read the handshake; throws StartError saying why the runner could not start. */
  static async start(cmd: RunnerCommand, limits: ProcessLimits): Promise<RunnerProcess> {
    const [file, ...args] = cmd.argv;
    if (!file) throw new StartError('CRASH', 'empty runner command');
    const token = randomBytes(12).toString('hex');
    // Its own process group, so a runner that is a shell script dies with its children; the token
    // in its environment marks every descendant, also one in a session of its own (tree.ts).
    const child = spawn(file, args, {
      stdio: cmd.channel ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'], detached: true,
      env: { ...(cmd.env ?? process.env), [TREE_VAR]: token }, ...(cmd.cwd ? { cwd: cmd.cwd } : {}),
    });
    const secret = cmd.channel ? randomBytes(24).toString('hex') : undefined;
    const output = (cmd.channel ? child.stdio[3] : child.stdout) as Readable;
    const input = (cmd.channel ? child.stdio[3] : child.stdin) as Writable;
    const lines = new LineReader(limits.maxLineBytes, secret);
    const stderr = { text: '' };
    output.on('data', (c: Buffer) => lines.push(c));
    output.on('end', () => lines.end());
    output.on('error', () => lines.end());
    const keep = (c: Buffer) => { stderr.text = (stderr.text + c.toString('utf8')).slice(-STDERR_KEEP); };
    // Held until the handshake: a host that cannot start is one line (its reason), not that line twice.
    let held: string[] | undefined = [];
    const release = () => { for (const t of held ?? []) process.stderr.write(t); held = undefined; };
    if (cmd.channel) relayOutput([child.stdout!, child.stderr!], cmd.label ?? file, keep, (t) => { if (held) held.push(t); else process.stderr.write(t); });
    else child.stderr!.on('data', keep);
    child.on('error', (e) => { stderr.text += `\n${e.message}`; lines.end(); });
    // A child of the runner may keep its output open after the runner exits: end it shortly after the exit.
    child.on('exit', () => { setTimeout(() => lines.end(), 200).unref(); });
    input.on('error', () => { /* a dead runner shows up as the end of its output */ });
    if (secret) input.write(`${secret}\n`);
    // A cgroup of its own where the machine allows (cgroup.ts), else the token and the walk (tree.ts).
    const cgroup = Cgroup.adopt(child.pid);
    const p = new RunnerProcess(child, lines, stderr, undefined as unknown as Handshake, file, input, token, startTime(child.pid), cgroup);
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
    release();
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
    let refused = (): void => {};
    const undelivered = new Promise<typeof UNDELIVERED>((resolve) => { refused = () => resolve(UNDELIVERED); });
    this.input.write(JSON.stringify(stream ? { id, scenario, stream } : { id, scenario }) + '\n', (err) => { if (err) refused(); });
    const seen: Observation[] = [];
    let heard = false;
    let received = 0;
    const deadline = performance.now() + timeoutMs;
    const failed = (f: SourceFailure, extra: Partial<Exchange> = {}): Exchange =>
      ({ failure: stream ? { ...f, observations: seen } : f, ...extra } as Exchange);
    for (;;) {
      const e = await this.within(heard ? this.lines.next() : Promise.race([this.lines.next(), undelivered]), Math.max(0, deadline - performance.now()));
      if (e === UNDELIVERED) return failed({ status: 'CRASH', message: `the runner closed its input before this request${this.exitText()}` }, { unheard: true });
      if (e !== TIMED_OUT) heard = true;
      if (e === TIMED_OUT) {
        const partial = this.lines.pendingBytes;
        return failed(partial
          ? { status: 'PROTOCOL_ERROR', message: `a partial line: ${partial} bytes without a newline, then silence for ${timeoutMs} ms` }
          : { status: 'TIMEOUT', message: `no answer within ${timeoutMs} ms${this.lastStderr()}` }, !heard && this.inputClosed() ? { unheard: true } : {});
      }
      if (e.kind === 'end') {
        await this.exited(500);
        return failed(e.partial
          ? { status: 'PROTOCOL_ERROR', message: `a partial line: ${e.partial} bytes without a newline, then the runner exited${this.exitText()}` }
          : { status: 'CRASH', message: `the runner exited during the scenario${this.exitText()}${this.lastStderr()}` }, 
          // Exit status 0 with nothing said: it ended on its own before this request (a crash on it exits otherwise).
          seen.length || e.partial || this.child.exitCode !== 0 ? {} : { unheard: true });
      }
      if (e.kind !== 'line') return failed({ status: 'PROTOCOL_ERROR', message: describeEvent(e, this.lines.maxLineBytes) });
      received += e.text.length;
      if (received > MAX_SCENARIO_CHARS) {
        seen.length = 0;
        return failed(oversized());
      }
      const a = readMessage(e.text, id, hash, stream);
      if ('observation' in a) { seen.push(a.observation); continue; }
      if ('protocolError' in a) return failed({ status: 'PROTOCOL_ERROR', message: a.protocolError });
      const replace = a.replace ? { replace: true } : {};
      if ('error' in a) {
        const status = STREAM_ERROR_KINDS[a.error.kind]!;
        return failed({ status, message: a.error.kind === 'stalled' ? a.error.message : `${a.error.kind}: ${a.error.message}`, ...(a.error.waiting ? { waiting: a.error.waiting } : {}) },
          { answer: a.error, ...(a.error.pointer !== undefined ? { pointer: a.error.pointer } : {}), ...replace });
      }
      return { trace: a.trace, ...(stream ? { streamed: seen } : {}), ...replace };
    }
  }

  /**
   * Kills the whole tree (its cgroup, cgroup.ts; else the walk, tree.ts), so what the runner started dies too, even after the runner
   * itself exited, and lets go of its pipes: one a grandchild still holds must not keep the harness waiting.
   */
  kill(): void {
    LIVE.delete(this);
    const pid = this.child.pid;
    if (pid === undefined) return;
    if (this.cgroup) { this.cgroup.kill(); try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
    else killTree(pid, this.token, this.started);
    if (this.alive) try { this.child.kill('SIGKILL'); } catch { /* gone */ }
    for (const s of this.child.stdio) s?.destroy();
    this.lines.end();
  }

  /** End of input asks the runner to exit; one that lingers past graceMs is killed. */
  async close(graceMs: number): Promise<void> {
    if (this.alive) {
      this.input.end();
      if (!await this.exited(graceMs)) { this.kill(); await this.exited(2000); }
    }
    this.kill(); // whatever it started and left behind
  }

  /** Whether the runner has closed the end of the pipe it reads requests from (Linux: its fd 0 is gone); false when unknown. */
  private inputClosed(): boolean {
    const pid = this.child.pid;
    if (pid === undefined || this.input !== this.child.stdin || !this.alive) return false;
    try { readlinkSync(`/proc/${pid}/fd/0`); return false; } catch (e) { return (e as NodeJS.ErrnoException).code === 'ENOENT' && existsSync(`/proc/${pid}/fd`); }
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
const UNDELIVERED: unique symbol = Symbol('undelivered');

function describeEvent(e: LineEvent, limit: number): string {
  switch (e.kind) {
    case 'oversized': return `a line over the limit of ${limit} bytes (${e.bytes} bytes without a newline when the harness stopped reading)`;
    case 'not-utf8': return `a line of ${e.bytes} bytes that is not UTF-8`;
    case 'unsealed': return `a line of ${e.bytes} bytes on the protocol channel without the host's secret: the implementation wrote to the channel itself`;
    case 'line': return `unexpected line ${preview(e.text)}`;
    case 'end': return 'end of output';
  }
}
