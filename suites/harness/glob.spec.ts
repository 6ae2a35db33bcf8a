import { expect } from 'chai';
import { globMatcher, GlobError } from '../../harness/run/glob.ts';

describe('glob matcher for scenario ids', () => {
  it('matches * within one segment, ** across segments, ?, classes and alternatives', () => {
    expect(globMatcher('tokens/*')('tokens/reset-missing-removes')).to.equal(true);
    expect(globMatcher('tokens/*')('tokens/a/b')).to.equal(false);
    expect(globMatcher('*')('tokens/a')).to.equal(false);
    expect(globMatcher('**/reset-*')('tokens/reset-twice')).to.equal(true);
    expect(globMatcher('**')('a/b/c')).to.equal(true);
    expect(globMatcher('tasks/copy-at-creatio?')('tasks/copy-at-creation')).to.equal(true);
    expect(globMatcher('{tasks,tokens}/*')('tokens/x')).to.equal(true);
    expect(globMatcher('{tasks,tokens}/*')('run/x')).to.equal(false);
    expect(globMatcher('[rt]*/x')('run/x')).to.equal(true);
    expect(globMatcher('[!rt]*/x')('run/x')).to.equal(false);
    expect(globMatcher('copy-context/a.b')('copy-context/aXb')).to.equal(false);
  });

  it('refuses malformed patterns', () => {
    for (const bad of ['tokens/{a,b', 'tokens/a}', 'tokens/[ab', 'x]', '  ']) expect(() => globMatcher(bad), bad).to.throw(GlobError);
  });
});
