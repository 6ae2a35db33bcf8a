import { expect } from 'chai';
import { compareObservations, formatDivergence } from '../../harness/compare/index.ts';
import { scenarioHash } from '../../harness/primitives/canonical.ts';
import { problemsOf } from '../../harness/scenarios/validate.ts';
import { CORPUS_SEED, corpusId, loadCorpus } from '../../harness/fuzz/corpus.ts';
import { implementationObserver } from '../../harness/fuzz/observe.ts';

describe('properties: the recorded generated corpus (reference/corpus)', () => {
  const corpus = loadCorpus();

  it('holds at least 500 programs from the fixed seed, each valid and recorded from itself', () => {
    expect(corpus, 'record it with: npx pep567 fuzz --record-corpus').to.not.equal(undefined);
    const { manifest, entries } = corpus!;
    expect(manifest.seed).to.equal(CORPUS_SEED);
    expect(entries.length).to.equal(manifest.count).and.to.be.at.least(500);
    entries.forEach((e, i) => {
      expect(problemsOf(e.scenario), corpusId(i)).to.deep.equal([]);
      expect(e.trace.scenario).to.equal(corpusId(i));
      expect(e.trace.scenarioHash, corpusId(i)).to.equal(scenarioHash(e.scenario));
      expect(e.trace.implementation).to.include(manifest.implementation);
    });
  });

  it('the model gives CPython\'s per-task traces on every program (semantic level)', async () => {
    const { manifest, entries } = corpus!;
    const model = await implementationObserver('model', { reference: manifest.implementation });
    const failures: string[] = [];
    for (const [i, e] of entries.entries()) {
      const r = await model.observe(e.scenario);
      if (r.kind !== 'ok') { failures.push(`${corpusId(i)}: ${r.kind === 'error' ? r.message : `unsupported ${r.features.join(', ')}`}`); continue; }
      const c = compareObservations(e.trace.observations, r.observations, { level: 'semantic' });
      if (!c.pass) failures.push(`${corpusId(i)}:\n${formatDivergence(c.divergence!)}`);
    }
    expect(failures, `${failures.length} of ${entries.length} programs differ:\n${failures.slice(0, 3).join('\n')}`).to.deep.equal([]);
  });
});
