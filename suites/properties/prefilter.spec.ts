/**
 * A law's `mayApply` (properties.ts) decides on the skeleton which programs are not even built
 * (arbitraries.ts, programsWhere). That is only a speed-up if it never drops a program the law
 * applies to, and if the filtered arbitrary gives the programs and shrinks `arb.filter(applies)`
 * gives: a generator added later (a new raw kind that makes a task or a set) must not make a law
 * skip programs silently.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { programArb, programsWhere, type Profile } from '../../harness/fuzz/arbitraries.ts';
import { buildProgram } from '../../harness/fuzz/build.ts';
import { rawArbitraries, DEFAULT_LIMITS } from '../../harness/fuzz/raw.ts';
import { LAW_DEFS } from '../../harness/fuzz/properties.ts';
import type { Gate } from '../../harness/fuzz/gate.ts';
import { FEATURES } from '../../harness/primitives/features.ts';

const EVERY: ReadonlySet<string> = new Set(Object.keys(FEATURES));
/** Every operation (no gate), and an older oracle's version (no eager factory, fewer later operations); each profile. */
const CASES: [Profile, string, Gate][] = [['full', 'open', {}], ['full', '3.11', { features: EVERY, python: '3.11.7' }], ['run-scoped', 'open', {}]];
const PREFILTERED = Object.entries(LAW_DEFS).filter(([, l]) => l.mayApply && l.applies);

describe('properties: laws that filter skeletons before building them', () => {
  it('some law filters skeletons (else this spec checks nothing)', () => {
    expect(PREFILTERED.length).to.be.greaterThan(0);
  });

  for (const [name, l] of PREFILTERED) for (const [profile, label, gate] of CASES) {
    it(`${name} (${profile}, ${label}): every skeleton whose program the law applies to passes mayApply`, () => {
      let applied = 0;
      for (const raw of fc.sample(rawArbitraries(DEFAULT_LIMITS, profile, gate).program, { numRuns: 1500, seed: 1811 })) {
        if (!l.applies!(buildProgram(raw, gate))) continue;
        applied++;
        expect(l.mayApply!(raw), JSON.stringify(raw)).to.equal(true);
      }
      // The law applies to some programs of this profile, or the implication above is empty.
      if (profile === 'full') expect(applied).to.be.greaterThan(50);
    });
  }

  for (const [name, l] of PREFILTERED) {
    it(`${name}: the same programs, and the same shrunk counterexample and path, as filtering built programs`, () => {
      const arb = programArb();
      const plain = arb.filter(l.applies!), fast = programsWhere(arb, l.applies!, l.mayApply);
      expect(JSON.stringify(fc.sample(fast, { numRuns: 150, seed: 77 }))).to.equal(JSON.stringify(fc.sample(plain, { numRuns: 150, seed: 77 })));
      // A property that fails on programs with three tasks or more: shrinking walks the filtered stream.
      const tasks = (p: unknown) => (JSON.stringify(p).match(/"op":"(create_task|gather)"/g) ?? []).length;
      const check = (a: fc.Arbitrary<unknown>) => fc.check(fc.property(a, (p) => tasks(p) < 3), { seed: 78, numRuns: 2000 });
      const [a, b] = [check(plain), check(fast)];
      expect(a.failed).to.equal(true);
      expect([b.counterexamplePath, JSON.stringify(b.counterexample), b.numShrinks]).to.deep.equal([a.counterexamplePath, JSON.stringify(a.counterexample), a.numShrinks]);
    });
  }
});
