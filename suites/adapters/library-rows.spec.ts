/**
 * The library rows of issue 18 (harness/adapters/{zonejs,cls-hooked,node-resource}.ts): each gets a
 * status for every scenario and never an error, and each shows the mechanism FINDINGS.md names for it.
 */
import { expect } from 'chai';
import { loadAll } from '../../harness/scenarios/load.ts';
import type { ScenarioResult } from '../../harness/report/report.ts';
import { verdictsFor } from '../support/verdicts.ts';

const VERDICTS = ['PASS', 'FAIL', 'UNSUPPORTED', 'SEMANTICS_DIFFER', 'SKIPPED'];

describe('library rows: zonejs, cls-hooked, node-resource', function () {
  this.timeout(120_000);
  const results = new Map<string, Map<string, ScenarioResult>>();
  before(async () => { for (const spec of ['zonejs', 'cls-hooked', 'node-resource']) results.set(spec, await verdictsFor(spec)); });
  const status = (spec: string, id: string) => results.get(spec)!.get(id)?.status;

  it('every scenario gets a verdict or a declared skip, never an error', () => {
    for (const [spec, r] of results) {
      expect(r.size, spec).to.equal(loadAll().scenarios.length);
      expect([...r].filter(([, x]) => !VERDICTS.includes(x.status)).map(([id, x]) => `${spec} ${id}: ${x.status}`)).to.deep.equal([]);
    }
  });

  it('zonejs: set is a difference by design, and a binding is lost at the first native await', () => {
    expect([...results.get('zonejs')!.values()].some((x) => x.status === 'SEMANTICS_DIFFER' && /^set: /.test(x.reason ?? ''))).to.equal(true);
    expect(status('zonejs', 'run-scoped/binding-holds-across-sleep')).to.equal('FAIL');
  });

  it("cls-hooked: a child task's set reaches its parent (one shared mutable context)", () => {
    expect(status('cls-hooked', 'tasks/child-changes-invisible-to-parent')).to.equal('FAIL');
    expect(status('cls-hooked', 'run-scoped/binding-holds-across-sleep')).to.equal('PASS');
  });

  it("node-resource: a set inside ctx.run stays for the context's next run on async_hooks (Node 20, 22), not on AsyncContextFrame (24+)", () => {
    const frame = Number(process.versions.node.split('.')[0]) >= 24;
    expect(status('node-resource', 'run/changes-kept-for-next-run')).to.equal(frame ? 'FAIL' : 'PASS');
  });
});
