/**
 * The runner side of pep567-runner/1 for a JS adapter, in a host process of its own (entries/host.ts,
 * under the harness's Node) or under another runtime (the bundled entries/*.ts): a handshake line;
 * then one request line `{"id", "scenario"}` and one answer line, a trace or `{"id", "error"}`, per
 * scenario. Each scenario gets a fresh adapter and runs through the harness's own interpreter, so
 * the observations are made exactly as in process. Only node: modules that Node, Bun and Deno all
 * provide are used.
 *
 * Revision 2 (PROTOCOL.md): a request with `"stream": true` gets each observation as a line as it is
 * made, so a scenario that loops forever or exits the process keeps what it observed; under Node the
 * host also answers `stalled` when every task waits and nothing is scheduled (stall.ts), and asks to
 * be replaced when a scenario left timers behind or threw outside any operation.
 */
import { createInterface } from 'node:readline';
import type { AdapterFactory } from '../contract/adapter.ts';
import type { Scenario } from '../format/scenario.ts';
import type { Observation } from '../format/trace.ts';
import { interpret, INTERPRETER_VERSION, type InterpretResult, type LiveRun } from '../interpreter/interpret.ts';
import { usableFeatures } from '../interpreter/features.ts';
import { printable, thrownOutsideOperations } from '../interpreter/errors.ts';
import { PROTOCOL, PROTOCOL_REVISION } from './protocol.ts';
import { JSONParse, JSONStringify, processExit, ReflectApply, StringPrototypeSlice } from './primordials.ts';
import { safeJson, safeScenarioHash } from './serialize.ts';
import { leftBehind, resourcesWatchable, snapshot, watchStall } from './stall.ts';

/**
 * Where the protocol runs. The host (entries/host.ts) has a channel of its own (channel.ts: fd 3,
 * blocking, every line sealed with the run's secret); a runner under Bun or Deno (the bundled
 * entries) speaks on stdout, and whatever the implementation prints goes to stderr there.
 */
export interface Transport {
  /** The next request line, or null at end of input. */
  next(): string | null | Promise<string | null>;
  send(text: string): void;
}

/** stdout and stdin, for the bundled runners: protocol lines through the real stdout, the implementation's prints to stderr. */
export function stdioTransport(): Transport {
  const out = process.stdout.write.bind(process.stdout);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })[Symbol.asyncIterator]();
  let redirected = false;
  return {
    async next() {
      const r = await lines.next();
      return r.done ? null : r.value;
    },
    send(text) {
      out(text + '\n');
      // After the handshake: the implementation's own prints must not look like answers.
      if (!redirected && resourcesWatchable()) { redirected = true; process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write; }
    },
  };
}

/** Errors thrown from the implementation's own callbacks: charged to the scenario running, else to stderr. */
const thrown: { during: unknown[] | null } = { during: null };

export async function serve(factory: AdapterFactory, runtime: string, transport: Transport = stdioTransport()): Promise<void> {
  const emit = (o: unknown) => { transport.send(safeJson(o)); };
  const probe = await factory({});
  const usable = usableFeatures(probe);
  emit({
    protocol: PROTOCOL,
    revision: PROTOCOL_REVISION,
    implementation: { name: probe.name, version: probe.version, build: runtime },
    recorder: INTERPRETER_VERSION,
    contract: probe.contract,
    features: usable,
    ...(probe.differs ? { differs: probe.differs } : {}),
  });
  // The channel is read with blocking calls, so no handle of its own keeps the event loop alive
  // while a scenario waits: this one does (part of the idle set the stall check starts from).
  setInterval(() => {}, 2 ** 30);
  const watch = resourcesWatchable();
  // An adapter's stray rejection must not end the service; its scenario's trace shows the effect.
  process.on('unhandledRejection', () => {});
  process.on('uncaughtException', (e) => {
    if (thrown.during) thrown.during.push(e);
    else process.stderr.write(`pep567 host: thrown outside any scenario: ${printable(e).split('\n')[0]}\n`);
  });
  for (;;) {
    const line = await transport.next();
    if (line === null) break;
    if (!line.trim()) continue;
    let id: unknown;
    try {
      const req = JSONParse(line);
      id = req?.id;
      if (typeof id !== 'string' || !req.scenario || typeof req.scenario !== 'object') {
        emit({ id: id ?? null, error: { kind: 'scenario-error', message: 'expected {"id": string, "scenario": object}' } });
        continue;
      }
      // What is scheduled while no scenario runs: the pipes the host itself holds.
      transport.send(await runOne(factory, id, req.scenario as Scenario, req.stream === true, runtime, watch ? snapshot() : undefined, transport));
    } catch (e) {
      emit({ id: id ?? null, error: { kind: 'crash', message: printable(e) } });
    }
  }
  processExit(0);
}

type Outcome = { result: InterpretResult } | { stalled: LiveRun };

/**
 * The answer's JSON text. Each observation is serialised the moment the interpreter logs it, and the
 * trace sent is built from those texts, not from the interpreter's array: what an implementation
 * does to the array or its objects afterwards (a patched push, a setter) is not what is sent.
 */
async function runOne(factory: AdapterFactory, id: string, scenario: Scenario, stream: boolean, runtime: string,
  idle: Map<string, number> | undefined, transport: Transport): Promise<string> {
  const during: unknown[] = [];
  thrown.during = during;
  let live: LiveRun | undefined;
  let stop = () => {};
  const idText = JSONStringify(id) as string;
  let observed = '';
  let count = 0;
  const answer = (o: object) => safeJson(o);
  try {
    const adapter = await factory({});
    const running = interpret(adapter, { id, hash: safeScenarioHash(scenario), scenario }, {
      onObservation: (o: Observation) => {
        const text = safeJson(o);
        observed += (count++ ? ',' : '') + text;
        if (stream) transport.send('{"id":' + idText + ',"observation":' + text + '}');
      },
      onStart: (l) => { live = l; },
    }).then((result): Outcome => ({ result }));
    // Only a harness that streams knows the stalled answer; an older one keeps its own timeout.
    const stalled = stream && idle
      ? new Promise<Outcome>((resolve) => { stop = watchStall(idle, () => resolve({ stalled: live! })); })
      : new Promise<Outcome>(() => {});
    const o = await Promise.race([running, stalled]);
    stop();
    if ('stalled' in o) {
      const waiting = o.stalled?.waiting() ?? [];
      // Its promises stay pending in this process for good: replaced before the next scenario.
      return answer({ id, error: { kind: 'stalled', message: 'every task waits and nothing is scheduled', waiting }, replace: true });
    }
    const r = o.result;
    if (during.length)
      return answer({ id, error: { kind: 'adapter-error', message: thrownOutsideOperations(during) }, replace: true });
    if (r.problems.length) return answer({ id, error: { kind: 'adapter-error', message: r.problems.map((p) => `${p.message}\n${p.stack}`).join('\n\n') } });
    const left = idle ? leftBehind(idle) : 0;
    // Work still scheduled would run during the next scenario: this host is replaced instead.
    if (left) return answer({ id, error: { kind: 'adapter-error', message: `the implementation left ${left} timer(s) or immediate(s) pending after the scenario ended` }, replace: true });
    const { observations: _, ...rest } = r.trace;
    const head = safeJson({ ...rest, implementation: { ...r.trace.implementation, build: runtime } });
    return ReflectApply(StringPrototypeSlice, head, [0, -1]) + ',"observations":[' + observed + ']}';
  } finally {
    stop();
    thrown.during = null;
  }
}
