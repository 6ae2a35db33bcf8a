/**
 * python:PATH through the recorder on python3. Every other installed interpreter (the CPythons
 * pyenv has, PyPy) runs in the slow group: python.slow.spec.ts.
 */
import { expect } from 'chai';
import { UsageError } from '../../harness/primitives/usage-error.ts';
import { findResolver } from '../../harness/implementations/table.ts';
import { probe } from '../../harness/pythons/pythons.ts';
import { runAll } from '../../harness/run/run.ts';
import { matchingReference } from '../../harness/run/reference.ts';
import { applySelection, loadScenarios } from '../../harness/run/select.ts';
import { pythonResolver } from '../../harness/runners/python.ts';

const few = applySelection(loadScenarios(), { include: ['tokens/**', 'callbacks/**', 'threads/**'] });

describe('runners: python:PATH', function () {
  this.timeout(120000);

  it('is the row the table picks for python:PATH, and refuses misuse', async () => {
    expect((await findResolver('python:python3')).pattern).to.equal(pythonResolver.pattern);
    const refused = async (spec: string, runtime?: string) => {
      const e = await pythonResolver.open(spec, { reference: { name: 'cpython', version: '3.11.7' }, ...(runtime ? { runtime } : {}) }).then(() => undefined, (x: unknown) => x);
      expect(e, spec).to.be.instanceOf(UsageError);
      return (e as Error).message;
    };
    expect(await refused('python:')).to.match(/needs an interpreter/);
    expect(await refused('python:/no/such/python')).to.match(/does not start/);
    expect(await refused('python:python3', 'node24')).to.match(/--runtime node24 does not apply/);
  });

  it('runs python3 through the recorder and matches its own CPython reference on every scenario', async function () {
    const who = await probe('python3');
    if (typeof who === 'string') this.skip();
    const version = await pythonResolver.pythonVersion!('python:python3');
    expect(version).to.equal((who as { version: string }).version);
    const reference = matchingReference(version!);
    if (!reference) this.skip();
    const source = await pythonResolver.open('python:python3', { reference: { name: reference!.name, version: reference!.version } });
    try {
      expect(source.info).to.include({ name: 'cpython', version, kind: 'runner' });
      const run = await runAll({ source, reference: reference!, level: 'strict', scenarios: few, timeoutMs: 10000 });
      // Nothing is UNSUPPORTED: the version-pinned `with token:` scenarios run too.
      const notPassed = run.results.filter((r) => r.status !== 'PASS' && r.status !== 'SKIPPED');
      expect(notPassed.map((r) => `${r.id}: ${r.status} ${r.error ?? ''}`)).to.deep.equal([]);
      expect(run.counts.PASS).to.be.greaterThan(20);
    } finally {
      await source.close();
    }
  });

});
