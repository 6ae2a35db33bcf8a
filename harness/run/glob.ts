/**
 * A small glob matcher for scenario ids. node:path's matchesGlob is experimental on Node 20 (it
 * prints a warning on every process) and accepts malformed patterns silently, so the few forms
 * ids need are handled here: `*` (within one segment), `**` (any segments), `?`, `[abc]`, `{a,b}`.
 */
export class GlobError extends Error {
  override name = 'GlobError';
}

const special = /[.+^$()|\\]/;

function translate(glob: string): string {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') { i++; re += '(?:[^/]*/)*'; } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) throw new GlobError(`unclosed "[" in glob ${JSON.stringify(glob)}`);
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (c === '{') { braces++; re += '(?:'; }
    else if (c === '}') {
      if (!braces) throw new GlobError(`unmatched "}" in glob ${JSON.stringify(glob)}`);
      braces--; re += ')';
    } else if (c === ',' && braces) re += '|';
    else if (c === ']') throw new GlobError(`unmatched "]" in glob ${JSON.stringify(glob)}`);
    else re += special.test(c) ? `\\${c}` : c;
  }
  if (braces) throw new GlobError(`unclosed "{" in glob ${JSON.stringify(glob)}`);
  return `^${re}$`;
}

/** A predicate on ids; throws GlobError for a malformed pattern. */
export function globMatcher(glob: string): (id: string) => boolean {
  if (!glob.trim()) throw new GlobError('empty glob');
  const re = new RegExp(translate(glob));
  return (id) => re.test(id);
}
