/**
 * The OpenTelemetry adapters (harness/adapters/otel*.ts): each maps with_value onto
 * context.with(active.setValue(key, v), fn), declares set and tokens as differing on purpose, and
 * is judged on the run-scoped corpus. otel3-als needs Node >= 22.15, so it is checked as a runner.
 */
import { expect } from 'chai';
import { DIFFERS, FEATURES } from '../../harness/adapters/otel.ts';
import { createAdapter as otelAls } from '../../harness/adapters/otel-als.ts';
import { createAdapter as otelAsyncHooks } from '../../harness/adapters/otel-async-hooks.ts';
import { ADAPTER_CONTRACT_VERSION } from '../../harness/contract/adapter.ts';
import { FEATURE_NAMES } from '../../harness/primitives/features.ts';
import { loadAll } from '../../harness/scenarios/load.ts';
import type { ScenarioResult } from '../../harness/report/report.ts';
import { findRuntime } from '../../harness/runtimes/runtimes.ts';
import { verdictsFor } from '../support/verdicts.ts';

describe('OpenTelemetry adapters', () => {
  it('declare features from fixtures/features.json, set, tokens and the rules OpenTelemetry rejects as differing with a reason, and name their manager and versions', () => {
    for (const f of FEATURES) expect(FEATURE_NAMES).to.include(f);
    expect(Object.keys(DIFFERS).sort()).to.deep.equal(['reentry_refused', 'set', 'shared_context_writes', 'tokens']);
    for (const f of Object.keys(DIFFERS)) expect(FEATURES as readonly string[]).not.to.include(f);
    const a = otelAls(), h = otelAsyncHooks();
    expect(a.contract).to.equal(ADAPTER_CONTRACT_VERSION);
    expect(a.version).to.match(/^AsyncLocalStorageContextManager @opentelemetry\/context-async-hooks@2\.12\.1 \(@opentelemetry\/api@1\.\d+\.\d+\)$/);
    expect(h.version).to.match(/^AsyncHooksContextManager @opentelemetry\/context-async-hooks@2\.12\.1 /);
  });

  for (const [name, make] of [['otel-als', otelAls], ['otel-async-hooks', otelAsyncHooks]] as const) {
    it(`${name}: with_value is context.with over an immutable context; a copy taken inside keeps the value`, async () => {
      const a = make();
      const v = a.newVar('v', { default: 'outer' });
      const seen: unknown[] = [];
      let inside!: ReturnType<typeof a.copyContext>;
      await a.runMain(async () => {
        await a.withValue!(v, 'inner', async () => { seen.push(a.get(v)); await a.yieldOnce(); inside = a.copyContext(); seen.push(a.get(v)); });
        seen.push(a.get(v));
        seen.push(a.run(inside, () => a.get(v)));
      });
      expect(seen).to.deep.equal(['inner', 'inner', 'outer', 'inner']);
      expect(() => a.set(v, 1)).to.throw(/not declared/);
    });
  }

  for (const spec of ['otel-als', 'otel-async-hooks', 'otel3-als@node24']) {
    describe(`${spec} against the CPython reference`, function () {
      this.timeout(120_000);
      let results = new Map<string, ScenarioResult>();
      before(async function () {
        if (spec.includes('@') && !findRuntime(spec.split('@')[1]!)?.binary()) this.skip();
        results = await verdictsFor(spec);
      });

      it('reports every scenario with a status, never an error, and judges at least 60 run-scoped ones', () => {
        expect(results.size).to.equal(loadAll().scenarios.length);
        const odd = [...results].filter(([, r]) => !['PASS', 'FAIL', 'UNSUPPORTED', 'SEMANTICS_DIFFER', 'SKIPPED'].includes(r.status));
        expect(odd.map(([id, r]) => `${id}: ${r.status}`)).to.deep.equal([]);
        const judged = [...results].filter(([id, r]) => id.startsWith('run-scoped/') && (r.status === 'PASS' || r.status === 'FAIL'));
        expect(judged.length).to.be.at.least(60);
        for (const [, r] of results) if (r.status === 'SEMANTICS_DIFFER') expect(r.reason).to.match(/^(set|tokens|reentry_refused|shared_context_writes): /);
      });
    });
  }
});
