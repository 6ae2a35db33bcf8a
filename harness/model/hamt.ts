/**
 * A persistent hash array mapped trie: the immutable map behind every model Context, as CPython's
 * Context keeps a HAMT. set/delete return a new trie sharing every untouched node, so copying a
 * context is handing over the same root (O(1)), and a copy is a snapshot by construction.
 *
 * Keys carry their own 32-bit hash and compare by identity (a ContextVar is equal only to itself).
 * Five hash bits select a child per level. Two keys never share a full hash: the model hashes
 * variables with counterHash, a bijection of a counter, so this trie has no collision nodes (CPython's
 * has them because its hashes can collide). Keys whose hashes were equal would make `join` recurse
 * without end, which is why HashKey asks for distinct hashes.
 */

/** A key whose `hash` no other key in the same trie shares (counterHash gives each variable its own). */
export interface HashKey { readonly hash: number }

const BITS = 5;
const MASK = (1 << BITS) - 1;

interface Leaf<K, V> { readonly kind: 'leaf'; readonly hash: number; readonly key: K; readonly value: V }
interface Branch<K, V> { readonly kind: 'branch'; readonly bitmap: number; readonly children: readonly Child<K, V>[] }
type Child<K, V> = Leaf<K, V> | Branch<K, V>;

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const slot = (hash: number, shift: number) => (hash >>> shift) & MASK;
const EMPTY_BRANCH: Branch<never, never> = { kind: 'branch', bitmap: 0, children: [] };

function withChild<K, V>(b: Branch<K, V>, pos: number, c: Child<K, V>): Branch<K, V> {
  const children = b.children.slice();
  children[pos] = c;
  return { kind: 'branch', bitmap: b.bitmap, children };
}

/** A node holding two leaves whose (distinct) hashes agree below `shift`. */
function join<K, V>(a: Leaf<K, V>, b: Leaf<K, V>, shift: number): Branch<K, V> {
  const ia = slot(a.hash, shift), ib = slot(b.hash, shift);
  if (ia === ib) return { kind: 'branch', bitmap: 1 << ia, children: [join(a, b, shift + BITS)] };
  const children = ia < ib ? [a, b] : [b, a];
  return { kind: 'branch', bitmap: (1 << ia) | (1 << ib), children };
}

/**
 * The node with leaf's key bound to leaf's value. Always a new path, even when the key already held
 * that very value: whether a trie is reused is never observed (contexts compare by their entries).
 */
function assoc<K, V>(node: Child<K, V>, shift: number, leaf: Leaf<K, V>): Child<K, V> {
  switch (node.kind) {
    case 'leaf':
      return node.key === leaf.key ? leaf : join(node, leaf, shift);
    case 'branch': {
      const bit = 1 << slot(leaf.hash, shift);
      const pos = popcount(node.bitmap & (bit - 1));
      if (node.bitmap & bit) return withChild(node, pos, assoc(node.children[pos]!, shift + BITS, leaf));
      const children = node.children.slice();
      children.splice(pos, 0, leaf);
      return { kind: 'branch', bitmap: node.bitmap | bit, children };
    }
  }
}

/**
 * The node without key, which it must hold: the model deletes only a variable it has just found in
 * the context (reset checks has() first), so along the key's hash every bit is set and the leaf
 * reached is the key's own. Undefined for that leaf. A branch left with one child or none stays as
 * it is (CPython's HAMT folds it into its parent): lookups, inserts and deletes answer the same on
 * it, so folding would only make the trie shallower, which nothing observes.
 */
function dissoc<K, V>(node: Child<K, V>, shift: number, hash: number): Child<K, V> | undefined {
  if (node.kind === 'leaf') return undefined;
  const bit = 1 << slot(hash, shift);
  const pos = popcount(node.bitmap & (bit - 1));
  const next = dissoc(node.children[pos]!, shift + BITS, hash);
  if (next) return withChild(node, pos, next);
  return { kind: 'branch', bitmap: node.bitmap & ~bit, children: node.children.filter((_, j) => j !== pos) };
}

function* entriesOf<K, V>(node: Child<K, V>): Generator<[K, V]> {
  switch (node.kind) {
    case 'leaf': yield [node.key, node.value]; break;
    case 'branch': for (const c of node.children) yield* entriesOf(c); break;
  }
}

export class Hamt<K extends HashKey, V> {
  private constructor(private readonly root: Branch<K, V>, readonly size: number) {}

  static empty<K extends HashKey, V>(): Hamt<K, V> {
    return new Hamt<K, V>(EMPTY_BRANCH as Branch<K, V>, 0);
  }

  get(key: K): V | undefined {
    const e = this.find(key);
    return e ? e.value : undefined;
  }

  has(key: K): boolean {
    return this.find(key) !== undefined;
  }

  private find(key: K): Leaf<K, V> | undefined {
    let node: Child<K, V> = this.root;
    for (let shift = 0; ; shift += BITS) {
      switch (node.kind) {
        case 'leaf': return node.key === key ? node : undefined;
        case 'branch': {
          const bit = 1 << slot(key.hash, shift);
          if (!(node.bitmap & bit)) return undefined;
          node = node.children[popcount(node.bitmap & (bit - 1))]!;
        }
      }
    }
  }

  /** A new trie with key bound to value. */
  set(key: K, value: V): Hamt<K, V> {
    const root = assoc(this.root, 0, { kind: 'leaf', hash: key.hash, key, value }) as Branch<K, V>;
    return new Hamt(root, this.has(key) ? this.size : this.size + 1);
  }

  /** A new trie without key, which it must hold (see dissoc). */
  delete(key: K): Hamt<K, V> {
    return new Hamt(dissoc(this.root, 0, key.hash) as Branch<K, V>, this.size - 1);
  }

  *entries(): Generator<[K, V]> { yield* entriesOf(this.root); }
  *keys(): Generator<K> { for (const [k] of this.entries()) yield k; }
  *values(): Generator<V> { for (const [, v] of this.entries()) yield v; }

  /** Same keys with equal values (`eq`, identity by default), as Context.__eq__ compares. */
  equals(other: Hamt<K, V>, eq: (a: V, b: V) => boolean = Object.is): boolean {
    if (this.size !== other.size) return false;
    for (const [k, v] of this.entries()) {
      const o = other.find(k);
      if (!o || !eq(v, o.value)) return false;
    }
    return true;
  }
}

/**
 * A deterministic, well-spread 32-bit hash of a counter (murmur3's finaliser): no randomness, no
 * addresses. Every step (xor with a right shift of itself, multiplication by an odd constant modulo
 * 2^32) is invertible, so distinct counters below 2^32 get distinct hashes: no two variables collide.
 */
export function counterHash(n: number): number {
  let h = n | 0;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
