import { expect } from 'chai';
import { loadScenarioFile, FIXTURES_DIR } from '../../harness/scenarios/load.ts';
import { runScenario } from '../../harness/run/scenario.ts';
import { parseReference, loadTrace } from '../../harness/traces/traces.ts';
import type { TraceSource } from '../../harness/protocol/source.ts';

/** A runner that claims to be some Python and must never be asked to run out-of-range scenarios. */
function fakePython(name: string, version: string, calls: string[]): TraceSource {
  return {
    info: { name, version, kind: 'runner' },
    features: ['vars', 'defaults', 'tokens', 'token_context_manager', 'errors', 'copy_context', 'mapping'],
    async run(s) { calls.push(s.id); return { failure: { status: 'ERROR', message: 'not expected to run' } }; },
    async close() {},
  };
}

describe('a Python implementation is held to the scenario python range', () => {
  const reference = parseReference('cpython-3.13.0');
  const s = loadScenarioFile(`${FIXTURES_DIR}tokens/with-token-type-error-3-11-to-3-13.json`);

  it('skips a 3.11-3.13 scenario for a 3.14 runner compared with the 3.13 reference', async () => {
    const calls: string[] = [];
    const r = await runScenario(s, { reference, trace: loadTrace(reference, s.id), level: 'semantic', source: fakePython('pyodide', '3.14.2', calls) });
    expect(r.status).to.equal('SKIPPED');
    expect(r.error).to.contain('pyodide 3.14.2');
    expect(calls).to.deep.equal([]);
  });

  it('runs it for a runner whose version is in range', async () => {
    const calls: string[] = [];
    await runScenario(s, { reference, trace: loadTrace(reference, s.id), level: 'semantic', source: fakePython('cpython', '3.13.0', calls) });
    expect(calls).to.deep.equal([s.id]);
  });
});
