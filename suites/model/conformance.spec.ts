/**
 * The model against every recorded CPython reference at the strict level: no scenario may fail.
 * Scenarios whose reference trace is missing or stale are another part's business (ERROR with
 * "reference trace" in the reason) and are tolerated here.
 */
import { expect } from 'chai';
import { resolveImplementation } from '../../harness/implementations/registry.ts';
import { listReferences } from '../../harness/reference/traces.ts';
import { runAll } from '../../harness/run/index.ts';

describe('model conformance', function () {
  this.timeout(60_000);
  for (const reference of listReferences().filter((r) => r.name === 'cpython')) {
    it(`matches ${reference.dir} at the strict level`, async () => {
      const implementation = await resolveImplementation('model');
      const report = await runAll({ implementation, reference, level: 'strict' });
      const bad = report.results.filter((r) => r.status === 'FAIL' || r.status === 'UNSUPPORTED'
        || (r.status === 'ERROR' && !/reference trace/.test(r.error ?? '')));
      expect(bad.map((r) => `${r.status} ${r.id}: ${r.error ?? JSON.stringify(r.divergence)}`)).to.deep.equal([]);
      expect(report.counts.PASS).to.be.greaterThan(0);
    });
  }
});
