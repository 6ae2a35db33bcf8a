import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedScenario } from '../../harness/scenarios/load.ts';
import { chunkOf } from '../../harness/run/chunk.ts';
import { chooseReference, matchingReference } from '../../harness/run/reference.ts';
import { applySelection, loadScenarios } from '../../harness/run/select.ts';
import { pep567InProcess } from '../support/in-process.ts';

describe('selection and sharding', function () {
  this.timeout(60000);
  const all = loadScenarios();
  const ids = all.map((s) => s.id);

  it('chunks 1..N partition the corpus: each scenario in exactly one chunk', () => {
    for (const total of [1, 2, 3, 5, 8, 13]) {
      const seen = new Map<string, number>();
      for (let k = 1; k <= total; k++)
        for (const s of applySelection(all, { chunk: { total, this: k } })) seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
      expect([...seen.keys()].sort(), `N=${total}`).to.deep.equal([...ids].sort());
      expect([...seen.values()].every((c) => c === 1), `N=${total}`).to.equal(true);
    }
  });

  it('adding a scenario moves no other scenario to another chunk', () => {
    const extra = { ...all[0]!, id: 'zz-new-area/brand-new-scenario', area: 'zz-new-area' } as LoadedScenario;
    for (const total of [2, 4, 7]) {
      for (let k = 1; k <= total; k++) {
        const before = applySelection(all, { chunk: { total, this: k } }).map((s) => s.id);
        const after = applySelection([...all, extra], { chunk: { total, this: k } }).map((s) => s.id).filter((id) => id !== extra.id);
        expect(after).to.deep.equal(before);
      }
    }
    expect(chunkOf('tokens/reset-missing-removes', 4)).to.equal(chunkOf('tokens/reset-missing-removes', 4));
  });

  it('spreads scenarios over chunks (no chunk of 4 is empty or holds most of them)', () => {
    const sizes = [1, 2, 3, 4].map((k) => applySelection(all, { chunk: { total: 4, this: k } }).length);
    for (const n of sizes) expect(n).to.be.within(ids.length / 8, ids.length / 2);
  });

  it('filters by include and exclude globs and by features', () => {
    const tokens = applySelection(all, { include: ['tokens/**'] });
    expect(tokens.every((s) => s.id.startsWith('tokens/'))).to.equal(true);
    const twoAreas = applySelection(all, { include: ['tokens/**', 'getset/**'], exclude: ['**/reset-*'] });
    expect(twoAreas.every((s) => /^(tokens|getset)\//.test(s.id) && !/\/reset-/.test(s.id))).to.equal(true);
    expect(twoAreas.length).to.be.greaterThan(0).and.below(tokens.length + 12);
    const threads = applySelection(all, { features: ['threads'] }, new Set(all.flatMap((s) => s.scenario.features)));
    expect(threads.length).to.be.greaterThan(0);
    expect(threads.every((s) => s.scenario.features.includes('threads'))).to.equal(true);
    const noThreads = applySelection(all, { excludeFeatures: ['threads', 'to_thread'] });
    expect(noThreads.some((s) => s.scenario.features.includes('threads') || s.scenario.features.includes('to_thread'))).to.equal(false);
    expect(() => applySelection(all, { features: ['nosuch'] }, new Set(['vars']))).to.throw(/unknown feature/);
  });

  it('the CLI runs each chunk and together they cover the corpus once', async () => {
    const got: string[] = [];
    for (const k of ['1', '2', '3']) {
      const dir = mkdtempSync(join(tmpdir(), 'pep567-chunk-'));
      const r = await pep567InProcess('run', '--total-chunks', '3', '--this-chunk', k, '--report', dir);
      expect(r.code, r.err).to.equal(0);
      const rep = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      expect(rep.selection.chunk).to.deep.equal({ total: 3, this: Number(k) });
      got.push(...rep.runs[0].results.map((x: { id: string }) => x.id));
    }
    expect(got.sort()).to.deep.equal([...ids].sort());
  });
});

describe('choosing the reference', () => {
  it('a Python implementation is compared with the CPython of its version, else the canonical one', () => {
    expect(matchingReference('3.9.18')?.dir).to.equal('cpython-3.9.18');
    expect(matchingReference('3.9.2')?.dir).to.equal('cpython-3.9.18');
    expect(matchingReference('3.6.15')).to.equal(undefined);
    expect(chooseReference({ pythonVersion: '3.10.4' })).to.deep.include({ chosen: 'matching' });
    expect(chooseReference({ pythonVersion: '3.10.4' }).reference.dir).to.equal('cpython-3.10.13');
    expect(chooseReference({ pythonVersion: '2.7.18' }).chosen).to.equal('canonical');
    expect(chooseReference({}).chosen).to.equal('canonical');
  });

  it('--reference overrides the matching one', () => {
    expect(chooseReference({ explicit: 'cpython-3.8.18', pythonVersion: '3.9.18' })).to.deep.include({ chosen: 'explicit' });
    expect(chooseReference({ explicit: 'cpython-3.8.18', pythonVersion: '3.9.18' }).reference.dir).to.equal('cpython-3.8.18');
    expect(() => chooseReference({ explicit: 'cpython-2.7.18' })).to.throw(/unknown reference/);
  });
});
