import AsyncContext from '@webfill/async-context';
import { expect } from 'chai';
import { verdictsFor } from '../support/verdicts.ts';
import { FEATURE_NAMES } from '../../harness/primitives/features.ts';
import { createAdapter, DIFFERS, FEATURES } from '../../harness/adapters/asynccontext.ts';
import { ADAPTER_CONTRACT_VERSION } from '../../harness/contract/adapter.ts';
import { isRule, RULES } from '../../harness/contract/rules.ts';
import { loadAll } from '../../harness/scenarios/load.ts';
import type { ScenarioResult } from '../../harness/report/report.ts';

const ALL_FEATURES = FEATURE_NAMES;

describe('asynccontext adapter', () => {
  it('declares no set and no tokens, generators, and the rules the proposal rejects, as differing on purpose, each with a reason, apart from its features', () => {
    const a = createAdapter();
    expect(a.contract).to.equal(ADAPTER_CONTRACT_VERSION);
    expect(a.version).to.match(/^@webfill\/async-context@\d+\./);
    expect(Object.keys(a.differs!).sort()).to.deep.equal(['generators', 'get_default_argument', 'reentry_refused', 'set', 'shared_context_writes', 'tokens']);
    for (const [f, why] of Object.entries(DIFFERS)) {
      expect(isRule(f) || ALL_FEATURES.includes(f), f).to.equal(true);
      expect(FEATURES as readonly string[]).not.to.include(f);
      expect(why.length).to.be.greaterThan(20);
    }
    for (const f of FEATURES) expect(ALL_FEATURES).to.include(f);
  });

  it('copy_context is a Snapshot: running it restores the values Variable.run gave when it was taken', async () => {
    const a = createAdapter();
    const v = a.newVar('v');
    const snap = (v as InstanceType<typeof AsyncContext.Variable>).run('given', () => a.copyContext());
    expect(() => a.get(v)).to.throw();
    expect(a.run(snap, () => a.get(v))).to.equal('given');
    const copy = a.contextCopy(snap);
    expect(copy).not.to.equal(snap);
    expect(a.run(copy, () => a.get(v))).to.equal('given');
  });

  it('a task started with context= runs inside that snapshot, also after an await', async () => {
    const a = createAdapter();
    const v = a.newVar('v', { default: 'dflt' });
    const snap = (v as InstanceType<typeof AsyncContext.Variable>).run('in-snapshot', () => a.copyContext());
    const seen: unknown[] = [];
    await a.runMain(async () => {
      const t = a.spawn(async () => { seen.push(a.get(v)); await a.yieldOnce(); seen.push(a.get(v)); }, { context: snap });
      await a.awaitTask(t);
      seen.push(a.get(v));
    });
    expect(seen).to.deep.equal(['in-snapshot', 'in-snapshot', 'dflt']);
  });

  it('with_value is variable.run: the value holds across awaits of an async body and the outer one comes back', async () => {
    const a = createAdapter();
    const v = a.newVar('v', { default: 'outer' });
    const seen: unknown[] = [];
    await a.runMain(async () => {
      await a.withValue!(v, 'inner', async () => { seen.push(a.get(v)); await a.yieldOnce(); seen.push(a.get(v)); });
      seen.push(a.get(v));
    });
    expect(seen).to.deep.equal(['inner', 'inner', 'outer']);
  });

  it('get() takes no argument in the proposal: a variable with a default answers it even where Python answers the argument', () => {
    const a = createAdapter();
    const plain = a.newVar('p'), withDefault = a.newVar('d', { default: 'var-default' });
    expect(a.get(plain, { default: 'arg' })).to.equal('arg');
    expect(a.get(withDefault, { default: 'arg' })).to.equal('var-default');
    let caught: unknown;
    try { a.get(plain); } catch (e) { caught = e; }
    expect(a.classifyError(caught)).to.deep.include({ kind: 'LookupError' });
  });

  describe('against the CPython reference', function () {
    this.timeout(60000);
    let results = new Map<string, ScenarioResult>();

    before(async () => { results = await verdictsFor('asynccontext'); });

    it('reports every scenario, none lost: SEMANTICS_DIFFER where it needs set, UNSUPPORTED where it needs more, SKIPPED out of range', () => {
      expect(results.size).to.equal(loadAll().scenarios.length);
      const statuses = new Set([...results.values()].map((r) => r.status));
      for (const s of statuses) expect(['SEMANTICS_DIFFER', 'UNSUPPORTED', 'SKIPPED', 'PASS', 'FAIL']).to.include(s);
      const differ = [...results.values()].filter((r) => r.status === 'SEMANTICS_DIFFER');
      expect(differ.length).to.be.greaterThan(0);
      for (const r of differ) expect(r.reason).to.match(/^(set|tokens|generators|reentry_refused|shared_context_writes|get_default_argument): /);
    });

    it('reports each scenario testing a rule it declares as SEMANTICS_DIFFER, never FAIL', () => {
      const declared = RULES.filter((r) => Object.hasOwn(DIFFERS, r));
      expect(declared.length).to.be.greaterThan(0);
      for (const s of loadAll().scenarios.filter((x) => x.scenario.rule !== undefined && declared.includes(x.scenario.rule))) {
        const r = results.get(s.id);
        if (r && r.status !== 'SKIPPED' && r.status !== 'UNSUPPORTED') expect(r.status, `${s.scenario.rule}: ${s.id}`).to.equal('SEMANTICS_DIFFER');
      }
    });

    it('judges the run-scoped scenarios it can express: with_value is Variable.run', () => {
      const judged = [...results.entries()].filter(([id, r]) => id.startsWith('run-scoped/') && (r.status === 'PASS' || r.status === 'FAIL'));
      expect(judged.length).to.be.at.least(60);
    });
  });
});
