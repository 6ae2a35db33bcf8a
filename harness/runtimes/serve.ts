/**
 * The runner side of pep567-runner/1 for a JS adapter under another runtime: the same JSON-lines
 * exchange `reference/recorder.py --serve` speaks (a handshake line; then one request line
 * `{"id", "scenario"}` and one answer line, a trace or `{"id", "error"}`, per scenario). Each
 * scenario gets a fresh adapter and runs through the harness's own interpreter, so the observations
 * are made exactly as in process. Only node: modules that Node, Bun and Deno all provide are used.
 */
import { createInterface } from 'node:readline';
import type { AdapterFactory } from '../contract/adapter.ts';
import type { Scenario } from '../format/scenario.ts';
import { scenarioHash } from '../fixtures/canonical.ts';
import { interpret, INTERPRETER_VERSION } from '../interpreter/interpret.ts';
import { usableFeatures } from '../interpreter/features.ts';
import { PROTOCOL } from '../runners/protocol.ts';

const emit = (o: unknown) => { process.stdout.write(JSON.stringify(o) + '\n'); };

export async function serve(factory: AdapterFactory, runtime: string): Promise<void> {
  const probe = await factory({});
  const usable = usableFeatures(probe);
  emit({
    protocol: PROTOCOL,
    implementation: { name: probe.name, version: probe.version, build: runtime },
    recorder: INTERPRETER_VERSION,
    contract: probe.contract,
    features: usable,
    ...(probe.differs ? { differs: probe.differs } : {}),
  });
  // An adapter's stray rejection must not end the service; its scenario's trace shows the effect.
  process.on('unhandledRejection', () => {});
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
      const adapter = await factory({});
      const r = await interpret(adapter, { id, hash: scenarioHash(req.scenario), scenario: req.scenario as Scenario });
      if (r.problems.length) {
        emit({ id, error: { kind: 'adapter-error', message: r.problems.map((p) => `${p.message}\n${p.stack}`).join('\n\n') } });
        continue;
      }
      emit({ ...r.trace, implementation: { ...r.trace.implementation, build: runtime } });
    } catch (e) {
      emit({ id: id ?? null, error: { kind: 'crash', message: String((e as Error)?.stack ?? e) } });
    }
  }
  process.exit(0);
}
