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

describe('glob matcher: no backtracking (issue 20)', () => {
  /** The regular expression the matcher used to build: the reference its answers must equal. */
  function asRegExp(glob: string): RegExp {
    let re = '';
    for (let i = 0; i < glob.length; i++) {
      const c = glob[i]!;
      if (c === '*') {
        if (glob[i + 1] === '*') { i++; if (glob[i + 1] === '/') { i++; re += '(?:[^/]*/)*'; } else re += '.*'; } else re += '[^/]*';
      } else if (c === '?') re += '[^/]';
      else if (c === '{') re += '(?:';
      else if (c === '}') re += ')';
      else if (c === ',') re += '|';
      else re += /[.+^$()|\\]/.test(c) ? `\\${c}` : c;
    }
    return new RegExp(`^${re}$`);
  }

  it('answers as the regular expression did, on every glob of a small alphabet against every short id', () => {
    const parts = ['a', 'b', '/', '*', '**', '**/', '?', '{a,b/}'];
    const ids = ['', 'a', 'b', 'ab', 'a/b', 'a/b/a', '/a', 'a/', 'ba/ab/b', 'aa/bb/ab', 'a//b'];
    let n = 0;
    for (const x of parts) for (const y of parts) for (const z of parts) {
      const glob = x + y + z;
      const m = globMatcher(glob);
      const re = asRegExp(glob);
      for (const id of ids) { expect(m(id), `${glob} on ${JSON.stringify(id)}`).to.equal(re.test(id)); n++; }
    }
    expect(n).to.equal(parts.length ** 3 * ids.length);
  });

  it('decides a pathological glob at once, without timing it: the work is counted in states, not measured', () => {
    // Each character of the id moves a set of at most as many states as the glob has characters
    // (plus two per **/); the old regular expression backtracked through every way of splitting
    // the id among the **s. Both cases below run in well under a millisecond here.
    expect(globMatcher('**a**a**a**a**a**a**a**a**b')('a'.repeat(62) + 'c')).to.equal(false);
    expect(globMatcher('**/**/**/**/**/**/**/**/b')(Array(30).fill('x').join('/'))).to.equal(false);
    expect(globMatcher('**/**/**/**/**/**/**/**/b')(Array(30).fill('x').join('/') + '/b')).to.equal(true);
  });
});
