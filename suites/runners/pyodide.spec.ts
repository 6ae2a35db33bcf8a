import { expect } from 'chai';
import { recordCommand } from '../../harness/cli/commands/record.ts';
import { inRange } from '../../harness/primitives/version-range.ts';
import type { Trace } from '../../harness/format/trace.ts';
import { listReferences, loadTrace, traceIds } from '../../harness/traces/traces.ts';
import { runAll } from '../../harness/run/run.ts';
import { applySelection, loadScenarios } from '../../harness/run/select.ts';
import { RunnerClient } from '../../harness/protocol/client.ts';
import { pyodideCommand, pyodideHost, pyodideInstalled, openPyodide } from '../../harness/runners/pyodide.ts';

const all = loadScenarios();
const reference = listReferences().find((r) => r.name === 'pyodide');

function usesCallSoon(body: unknown): boolean {
  if (!Array.isArray(body)) return false;
  return body.some((op: { op: string; body?: unknown; tasks?: { body: unknown }[] }) =>
    op.op === 'call_soon' || usesCallSoon(op.body) || (op.tasks ?? []).some((t) => usesCallSoon(t.body)));
}

describe('runners: the recorded Pyodide reference', () => {
  it('exists, and every trace says what Pyodide\'s loop means for callback order', function () {
    if (!reference) this.skip(); // recorded with `npx pep567 record --pyodide`
    const ids = traceIds(reference!);
    expect(ids).to.include.members(['tokens/with-token-restores-default', 'tokens/with-token-restores-on-exception',
      'tokens/with-token-without-default-unsets', 'tokens/with-token-exit-raises-reset-errors']);
    let withCallSoon = 0;
    for (const id of ids) {
      const t = loadTrace(reference!, id) as Trace;
      const s = all.find((x) => x.id === id)!;
      expect(t.implementation.name, id).to.equal('pyodide');
      expect(t.scenarioHash, `${id} is stale`).to.equal(s.hash);
      expect(t.notes?.[0], id).to.match(/runs call_soon callbacks as setTimeout\(0\)/);
      const flagged = /uses call_soon/.test(t.notes?.[1] ?? '');
      expect(flagged, id).to.equal(usesCallSoon(s.scenario.program));
      if (flagged) withCallSoon++;
      // No threads in WebAssembly: no trace of a scenario that needs one.
      expect(s.scenario.features.filter((f) => ['threads', 'to_thread', 'executor'].includes(f)), id).to.deep.equal([]);
    }
    expect(withCallSoon).to.be.greaterThan(5);
  });
});

describe('runners: Pyodide as a runner', function () {
  this.timeout(120000);
  let client: RunnerClient | undefined;
  before(async function () {
    if (!pyodideInstalled()) return this.skip(); // npm install provides it
    if (!pyodideHost()) return this.skip();
    client = await openPyodide();
  });
  after(async () => { await client?.close(); });

  it('states Pyodide, its Python version and no thread features in its handshake', () => {
    expect(client!.info).to.include({ name: 'pyodide', kind: 'runner' });
    expect(client!.info.version).to.match(/^3\.14\./);
    expect(client!.features).to.include('token_context_manager');
    expect(client!.features).to.not.include.members(['threads']);
    for (const f of ['threads', 'to_thread', 'executor']) expect(client!.features).to.not.include(f);
  });

  it('matches its recorded reference strictly on the 3.14 token scenarios; thread scenarios are UNSUPPORTED', async function () {
    if (!reference) this.skip();
    const scenarios = applySelection(all, { include: ['tokens/with-token-*', 'threads/**', 'callbacks/**'] });
    const run = await runAll({ source: client!, reference: reference!, level: 'strict', scenarios, timeoutMs: 20000 });
    for (const r of run.results) {
      const s = all.find((x) => x.id === r.id)!.scenario;
      const expected = !inRange(reference!.version, s.python) ? 'SKIPPED'
        : s.features.some((f) => ['threads', 'to_thread', 'executor'].includes(f)) ? 'UNSUPPORTED' : 'PASS';
      expect(r.status, `${r.id}: ${r.error ?? ''}`).to.equal(expected);
    }
    expect(run.counts.PASS).to.be.greaterThan(10);
    expect(run.counts.UNSUPPORTED).to.be.greaterThan(0);
  });

  it('re-records its reference byte for byte (pep567 record --check --pyodide)', async function () {
    if (!reference) this.skip();
    let out = '';
    const code = await recordCommand({ python: [], discover: false, pyodide: true, include: 'tokens/with-token-*', check: true, out: (x) => { out += x; }, err: (x) => { out += x; } });
    expect(code, out).to.equal(0);
    expect(out).to.match(/pyodide-3\.14\.\d+ \(pyodide@node\d+\): 4 recorded, 2 skipped, 0 failed/);
    expect(out).to.match(/reference traces are up to date \(pyodide-3\.14\.\d+\)/);
  });

  it('gives the same trace with and without stack switching (Node 20\'s fallback loop)', async function () {
    const jspi = pyodideHost();
    const fallback = pyodideHost('node20');
    if (!jspi?.jspi || !fallback) this.skip();
    const other = await RunnerClient.open({ command: pyodideCommand(fallback!), startTimeoutMs: 60000 });
    try {
      for (const s of applySelection(all, { include: ['tokens/with-token-restores-on-exception', 'callbacks/**', 'tasks/**'] })) {
        if (!inRange(client!.info.version, s.scenario.python)) continue;
        const a = await client!.run(s, { timeoutMs: 20000 });
        const b = await other.run(s, { timeoutMs: 20000 });
        expect(b, s.id).to.deep.equal(a);
      }
    } finally {
      await other.close();
    }
  });
});
