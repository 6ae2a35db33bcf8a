/**
 * The model against every recorded CPython reference at the strict level: no scenario may fail
 * or crash. Scenarios whose trace is missing or stale are the recorder's business and are left out.
 */
import { expect } from 'chai';
import { createAdapter } from '../../harness/model/adapter.ts';
import { listReferences } from '../../harness/traces/traces.ts';
import { judgeAll } from '../mutants/judge.ts';

describe('model conformance', function () {
  this.timeout(60_000);
  for (const reference of listReferences().filter((r) => r.name === 'cpython')) {
    it(`matches ${reference.dir} at the strict level`, async () => {
      const results = await judgeAll(createAdapter, reference, 'strict');
      const bad = results.filter((r) => r.verdict === 'FAIL' || r.verdict === 'ERROR');
      expect(bad.map((r) => `${r.verdict} ${r.id}: ${r.detail}`)).to.deep.equal([]);
      expect(results.filter((r) => r.verdict === 'PASS').length).to.be.greaterThan(0);
    });
  }
});
