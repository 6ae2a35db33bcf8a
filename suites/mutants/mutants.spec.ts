/**
 * Every mutant (harness/mutants/) must be caught: at the semantic level against the canonical
 * CPython reference it fails at least one scenario, among them the scenario aimed at its own
 * misconception, and it never merely crashes (an ERROR would not be a conformance verdict).
 */
import { expect } from 'chai';
import { MUTANTS } from '../../harness/mutants/index.ts';
import { canonicalReference } from '../../harness/traces/traces.ts';
import { judgeAll } from './judge.ts';

/** For each mutant, one scenario written for exactly the behaviour it gets wrong. */
const KILLERS: Record<string, string> = {
  'global-map': 'callbacks/callbacks-isolated-from-each-other',
  'task-shares-parent-context': 'await/call-versus-task',
  'task-copies-at-first-step': 'tasks/copy-at-creation',
  'reset-skips-used-check': 'tokens/reset-twice-raises-used',
  'reset-skips-context-check': 'callbacks/token-reset-in-callback-fails',
  'reset-restores-default': 'mapping/len-progression',
  'run-discards-changes': 'callbacks/explicit-context-keeps-changes',
  'run-leaks-on-error': 'run/exception-restores-caller',
  'no-reentrancy-check': 'run/reentry-same-context-refused',
  'mapping-includes-defaults': 'copy-context/new-context-is-empty',
  'call-soon-live-context': 'callbacks/copies-at-scheduling',
  'direct-await-copies': 'await/call-set-visible-to-caller',
  'copy-context-shares': 'copy-context/copy-context-is-a-snapshot',
  'scoped-keeps-on-error': 'run-scoped/error-in-sync-scope-restores-outer',
  'scoped-restores-default': 'run-scoped/nested-same-var-shadows-and-restores',
  'scoped-global-binding': 'run-scoped/tutorial-three-roots-own-id',
  'scoped-exits-at-first-await': 'run-scoped/nested-async-bodies-across-sleeps',
  'eager-step-in-creator-context': 'eager/first-step-in-task-copy',
  'done-callback-live-context': 'callbacks/done-callback-copies-at-registration',
};

describe('mutants', function () {
  this.timeout(60_000);
  const reference = canonicalReference();

  it('number at least 12, each with a description and a killer scenario', () => {
    expect(Object.keys(MUTANTS).length).to.be.at.least(12);
    expect(Object.keys(KILLERS).sort()).to.deep.equal(Object.keys(MUTANTS).sort());
    for (const [name, m] of Object.entries(MUTANTS)) {
      expect(name).to.match(/^[a-z]+(-[a-z]+)*$/);
      expect(m.description.length, name).to.be.greaterThan(20);
    }
  });

  for (const name of Object.keys(MUTANTS)) {
    it(`mutant:${name} fails at the semantic level`, async function () {
      if (!reference) this.skip();
      const results = await judgeAll(MUTANTS[name]!.createAdapter, reference!, 'semantic');
      const errors = results.filter((r) => r.verdict === 'ERROR');
      expect(errors.map((r) => `${r.id}: ${r.detail}`), 'a mutant must fail, not crash').to.deep.equal([]);
      expect(results.filter((r) => r.verdict === 'FAIL').length).to.be.greaterThan(0);
      expect(results.find((r) => r.id === KILLERS[name])?.verdict, KILLERS[name]).to.equal('FAIL');
    });
  }
});
