/**
 * A small glob matcher for scenario ids. node:path's matchesGlob is experimental on Node 20 (it
 * prints a warning on every process) and accepts malformed patterns silently, so the few forms
 * ids need are handled here: `*` (within one segment), `**` (any segments), `?`, `[abc]`, `{a,b}`.
 *
 * A glob compiles to a nondeterministic automaton that is run over the id one character at a time
 * with the set of states it may be in (Thompson's construction): the time is linear in the id's
 * length times the glob's, whatever the pattern. A regular expression backtracked: `**a**a**a**b`
 * against a long id took minutes and a blocked process could not even answer SIGTERM.
 */
export class GlobError extends Error {
  override name = 'GlobError';
}

/** A state: epsilon moves, and a move on one character (-1: none). */
interface State { eps: number[]; step: (c: string) => number }

type Item =
  | { kind: 'char'; test: (c: string) => boolean }
  | { kind: 'star' } // * : any run of characters but '/'
  | { kind: 'any' } // ** not before '/': any run of characters
  | { kind: 'segments' } // **/ : any number of whole segments, each ending in '/'
  | { kind: 'alt'; options: Item[][] };

const NONE = -1;
/** The most states one glob may compile to (a glob is typed by a person; this bounds the work per id). */
const MAX_STATES = 10_000;

function parse(glob: string): Item[] {
  let i = 0;
  const seq = (depth: number): Item[][] => {
    const options: Item[][] = [[]];
    for (; i < glob.length; i++) {
      const c = glob[i]!;
      const items = options[options.length - 1]!;
      if (c === '*') {
        if (glob[i + 1] === '*') {
          i++;
          if (glob[i + 1] === '/') { i++; items.push({ kind: 'segments' }); } else items.push({ kind: 'any' });
        } else items.push({ kind: 'star' });
      } else if (c === '?') items.push({ kind: 'char', test: (x) => x !== '/' });
      else if (c === '[') {
        const close = glob.indexOf(']', i + 2);
        if (close < 0) throw new GlobError(`unclosed "[" in glob ${JSON.stringify(glob)}`);
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        let re: RegExp;
        try { re = new RegExp(`^[${body.replace(/\\/g, '\\\\')}]$`); } catch { throw new GlobError(`bad character class [${glob.slice(i + 1, close)}] in glob ${JSON.stringify(glob)}`); }
        items.push({ kind: 'char', test: (x) => re.test(x) });
        i = close;
      } else if (c === '{') {
        i++;
        items.push({ kind: 'alt', options: seq(depth + 1) });
      } else if (c === '}') {
        if (!depth) throw new GlobError(`unmatched "}" in glob ${JSON.stringify(glob)}`);
        return options;
      } else if (c === ',' && depth) options.push([]);
      else if (c === ']') throw new GlobError(`unmatched "]" in glob ${JSON.stringify(glob)}`);
      else items.push({ kind: 'char', test: (x) => x === c });
    }
    if (depth) throw new GlobError(`unclosed "{" in glob ${JSON.stringify(glob)}`);
    return options;
  };
  return seq(0)[0]!;
}

function compile(items: Item[]): { states: State[]; start: number; accept: number } {
  const states: State[] = [];
  const add = (s: State) => {
    if (states.length >= MAX_STATES) throw new GlobError('glob too complex');
    states.push(s);
    return states.length - 1;
  };
  const accept = add({ eps: [], step: () => NONE });
  // Built from the end: each item's states lead to `next`, the start of what follows it.
  const build = (list: Item[], next: number): number => {
    for (let k = list.length - 1; k >= 0; k--) {
      const it = list[k]!;
      const to = next;
      switch (it.kind) {
        case 'char': next = add({ eps: [], step: (c) => (it.test(c) ? to : NONE) }); break;
        case 'star': { const s = add({ eps: [to], step: () => NONE }); states[s]!.step = (c) => (c !== '/' ? s : NONE); next = s; break; }
        case 'any': { const s = add({ eps: [to], step: () => NONE }); states[s]!.step = () => s; next = s; break; }
        case 'segments': {
          const between = add({ eps: [to], step: () => NONE });
          const inside = add({ eps: [], step: (c) => (c === '/' ? between : NONE) });
          states[inside]!.step = (c) => (c === '/' ? between : inside);
          states[between]!.step = (c) => (c === '/' ? between : inside);
          next = between;
          break;
        }
        case 'alt': next = add({ eps: it.options.map((o) => build(o, to)), step: () => NONE }); break;
      }
    }
    return next;
  };
  return { states, start: build(items, accept), accept };
}

/** A predicate on ids; throws GlobError for a malformed pattern. */
export function globMatcher(glob: string): (id: string) => boolean {
  if (!glob.trim()) throw new GlobError('empty glob');
  const { states, start, accept } = compile(parse(glob));
  const closure = (from: number[]): Uint8Array => {
    const on = new Uint8Array(states.length);
    const stack = [...from];
    while (stack.length) {
      const s = stack.pop()!;
      if (on[s]) continue;
      on[s] = 1;
      for (const e of states[s]!.eps) if (!on[e]) stack.push(e);
    }
    return on;
  };
  return (id) => {
    let on = closure([start]);
    for (let i = 0; i < id.length; i++) {
      const c = id[i]!;
      const next: number[] = [];
      for (let s = 0; s < on.length; s++) {
        if (!on[s]) continue;
        const t = states[s]!.step(c);
        if (t !== NONE) next.push(t);
      }
      if (!next.length) return false;
      on = closure(next);
    }
    return on[accept] === 1;
  };
}
