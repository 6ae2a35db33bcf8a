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
import { scenarioHash } from '../primitives/canonical.ts';
import { interpret, INTERPRETER_VERSION, type InterpretResult, type LiveRun } from '../interpreter/interpret.ts';
import { usableFeatures } from '../interpreter/features.ts';
import { printable, thrownOutsideOperations } from '../interpreter/errors.ts';
import { PROTOCOL, PROTOCOL_REVISION } from './protocol.ts';
import { leftBehind, resourcesWatchable, snapshot, watchStall } from './stall.ts';

/** Protocol lines go through the real stdout; whatever the implementation prints goes to stderr. */
const out = process.stdout.write.bind(process.stdout);
const emit = (o: unknown) => { out(JSON.stringify(o) + '\n'); };

/** Errors thrown from the implementation's own callbacks: charged to the scenario running, else to stderr. */
const thrown: { during: unknown[] | null } = { during: null };

export async function serve(factory: AdapterFactory, runtime: string): Promise<void> {
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
  const watch = resourcesWatchable();
  if (watch) process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  // An adapter's stray rejection must not end the service; its scenario's trace shows the effect.
  process.on('unhandledRejection', () => {});
  process.on('uncaughtException', (e) => {
    if (thrown.during) thrown.during.push(e);
    else process.stderr.write(`pep567 host: thrown outside any scenario: ${printable(e).split('\n')[0]}\n`);
  });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let id: unknown;
    try {
      const req = JSON.parse(line);
      id = req?.id;
      if (typeof id !== 'string' || !req.scenario || typeof req.scenario !== 'object') {
        emit({ id: id ?? null, error: { kind: 'scenario-error', message: 'expected {"id": string, "scenario": object}' } });
        continue;
      }
      // What is scheduled while no scenario runs: the pipes the host itself holds.
      emit(await runOne(factory, id, req.scenario as Scenario, req.stream === true, runtime, watch ? snapshot() : undefined));
    } catch (e) {
      emit({ id: id ?? null, error: { kind: 'crash', message: printable(e) } });
    }
  }
  process.exit(0);
}

type Outcome = { result: InterpretResult } | { stalled: LiveRun };

async function runOne(factory: AdapterFactory, id: string, scenario: Scenario, stream: boolean, runtime: string,
  idle: Map<string, number> | undefined): Promise<object> {
  const during: unknown[] = [];
  thrown.during = during;
  let live: LiveRun | undefined;
  let stop = () => {};
  try {
    const adapter = await factory({});
    const running = interpret(adapter, { id, hash: scenarioHash(scenario), scenario }, {
      ...(stream ? { onObservation: (o: Observation) => emit({ id, observation: o }) } : {}),
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
      return { id, error: { kind: 'stalled', message: 'every task waits and nothing is scheduled', waiting }, replace: true };
    }
    const r = o.result;
    if (during.length)
      return { id, error: { kind: 'adapter-error', message: thrownOutsideOperations(during) }, replace: true };
    if (r.problems.length) return { id, error: { kind: 'adapter-error', message: r.problems.map((p) => `${p.message}\n${p.stack}`).join('\n\n') } };
    const left = idle ? leftBehind(idle) : 0;
    // Work still scheduled would run during the next scenario: this host is replaced instead.
    if (left) return { id, error: { kind: 'adapter-error', message: `the implementation left ${left} timer(s) or immediate(s) pending after the scenario ended` }, replace: true };
    return { ...r.trace, implementation: { ...r.trace.implementation, build: runtime } };
  } finally {
    stop();
    thrown.during = null;
  }
}
