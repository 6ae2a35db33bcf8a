/**
 * The harness side of pep567-runner/1 for any runner command, as a TraceSource. One process serves
 * scenarios one at a time; when it crashes, answers garbage or stays silent, that scenario gets
 * CRASH, PROTOCOL_ERROR or TIMEOUT, the process is killed, and the next scenario starts a fresh one.
 */
import { UsageError } from '../primitives/usage-error.ts';
import { FEATURE_NAMES } from '../primitives/features.ts';
import { RULES, unknownDiffers } from '../contract/rules.ts';
import type { LoadedScenario } from '../scenarios/load.ts';
import type { SourceOutcome, TraceSource } from './source.ts';
import { keepsRunner, RunnerProcess, StartError, type Exchange, type RunnerCommand } from './process.ts';
import { MAX_LINE_BYTES, type Handshake } from './protocol.ts';

export interface ClientOptions {
  command: RunnerCommand;
  /** From spawn to handshake (an interpreter that loads slowly, like Pyodide, needs more). */
  startTimeoutMs?: number;
  maxLineBytes?: number;
  /** How long close() waits for the runner to exit after its input ends. */
  closeGraceMs?: number;
  /** Overrides of what the handshake says, e.g. a name that tells runtimes apart. */
  info?: Partial<TraceSource['info']>;
  /** Features the runner expresses beyond those its handshake lists. */
  extraFeatures?: readonly string[];
  /** A fresh process for every scenario (`--isolation scenario`): each one is ended after its answer. */
  fresh?: boolean;
}

/** The runner could not start when the run opened it: misuse, with why it failed for callers that tolerate it. */
export class RunnerStartError extends UsageError {
  constructor(message: string, readonly status: StartError['status'], readonly detail: string, readonly exitCode: number | null, readonly stderr: string) { super(message); }
}

/** What one request needs: the id, the scenario and, to check the answer's scenarioHash, its hash. */
export interface ScenarioRequest { id: string; scenario: unknown; hash?: string }

export interface ClientStats {
  /** Processes started, the first included. */
  started: number;
  /** Processes killed after a failure (each followed by a fresh start when more scenarios come). */
  restarts: number;
  /** pid of each process started, in order. */
  pids: number[];
}

export class RunnerClient implements TraceSource {
  readonly info: TraceSource['info'];
  readonly features: readonly string[];
  readonly differs?: Readonly<Record<string, string>>;
  readonly stats: ClientStats = { started: 0, restarts: 0, pids: [] };
  private current: RunnerProcess | undefined;
  private latest!: Handshake;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly options: Required<Omit<ClientOptions, 'info' | 'extraFeatures' | 'fresh'>> & Pick<ClientOptions, 'info' | 'extraFeatures' | 'fresh'>, first: RunnerProcess) {
    this.current = first;
    this.note(first);
    const h = first.handshake;
    this.info = {
      name: h.implementation.name, version: h.implementation.version,
      ...(h.implementation.build !== undefined ? { build: h.implementation.build } : {}),
      kind: 'runner', ...(h.contract ? { contract: h.contract } : {}), ...options.info,
    };
    this.features = [...new Set([...h.features, ...(options.extraFeatures ?? [])])];
    if (h.differs) this.differs = { ...h.differs };
  }

  /** Start the runner once to learn who it is; a runner that cannot start is a UsageError. */
  static async open(o: ClientOptions): Promise<RunnerClient> {
    const options = { startTimeoutMs: 30000, maxLineBytes: MAX_LINE_BYTES, closeGraceMs: 5000, ...o };
    let client: RunnerClient;
    try {
      client = new RunnerClient(options, await RunnerProcess.start(options.command, options));
    } catch (e) {
      if (e instanceof StartError) throw new RunnerStartError(`${options.command.argv.join(' ')}: the runner did not start: ${e.message}`, e.status, e.detail, e.exitCode, e.stderr);
      throw e;
    }
    // As in process (inprocess/resolve.ts): a differs name that is neither a feature nor a rule (contract 1.6).
    const unknown = unknownDiffers(client.differs ?? {}, new Set(FEATURE_NAMES));
    if (unknown.length) {
      await client.close();
      throw new UsageError(`${client.info.name}: differs names ${unknown.map((u) => JSON.stringify(u)).join(', ')}, neither a feature (fixtures/features.json) nor a rule (${RULES.join(', ')})`);
    }
    return client;
  }

  /** The handshake of the newest process started (it stands after that process is discarded). */
  get handshake(): Handshake { return this.latest; }

  run(s: LoadedScenario, o: { timeoutMs: number }): Promise<SourceOutcome> {
    const turn = this.queue.then(() => this.runNow(s, o.timeoutMs));
    this.queue = turn.catch(() => {});
    return turn;
  }

  /** Like run, but keeps the runner's own error answer and pointer (for the record command); without
   * a hash the answer's scenarioHash is not checked (generated programs, callers that compare it). */
  async exchange(s: ScenarioRequest, timeoutMs: number): Promise<Exchange> {
    const turn = this.queue.then(() => this.exchangeNow(s, timeoutMs));
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async runNow(s: LoadedScenario, timeoutMs: number): Promise<SourceOutcome> {
    const r = await this.exchangeNow(s, timeoutMs);
    return r.trace ? { trace: r.trace } : { failure: r.failure };
  }

  private async exchangeNow(s: ScenarioRequest, timeoutMs: number, retry = true): Promise<Exchange> {
    if (this.closed) return { failure: { status: 'ERROR', message: 'the runner client is closed' } };
    let p = this.current;
    let reused = retry && p !== undefined;
    // Output after the last answer would be read as this scenario's answer: start afresh instead.
    if (p && p.unsolicited) { this.discard(p); p = undefined; }
    if (!p || !p.alive) {
      this.current = undefined;
      try { p = await RunnerProcess.start(this.options.command, this.options); } catch (e) {
        if (!(e instanceof StartError)) throw e;
        return { failure: { status: e.status, message: `the runner did not restart: ${e.message}` } };
      }
      this.note(p);
      this.current = p;
      reused = false;
    }
    let r: Exchange;
    try { r = await p.exchange(s.id, s.scenario, s.hash, timeoutMs); } catch (e) {
      r = { failure: { status: 'ERROR', message: `the harness failed to talk to the runner: ${(e as Error)?.message ?? e}` } };
    }
    // A runner kept from an earlier scenario that was gone before it heard this one (it exited or
    // closed its input right after its last answer): the scenario is asked again of a fresh one,
    // once, so the earlier scenario's exit is not charged to this one. A fresh runner that dies
    // silently is this scenario's CRASH.
    if (r.unheard && reused && !this.closed) {
      this.discard(p);
      return this.exchangeNow(s, timeoutMs, false);
    }
    // A refusal (ERROR) or the runner's own timeout leaves it in step; anything else may not.
    if (!keepsRunner(r) || !p.alive) this.discard(p);
    else if (this.options.fresh) { this.current = undefined; p.kill(); }
    return r;
  }

  private note(p: RunnerProcess): void {
    this.latest = p.handshake;
    this.stats.started++;
    if (p.pid !== undefined) this.stats.pids.push(p.pid);
  }

  private discard(p: RunnerProcess): void {
    p.kill();
    if (this.current === p) this.current = undefined;
    this.stats.restarts++;
  }

  async close(): Promise<void> {
    await this.queue;
    this.closed = true;
    const p = this.current;
    this.current = undefined;
    await p?.close(this.options.closeGraceMs);
  }
}
