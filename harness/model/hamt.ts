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

/** Returns the same node when nothing changed; `added` reports whether the key is new. */
function assoc<K, V>(node: Child<K, V>, shift: number, leaf: Leaf<K, V>, added: { v: boolean }): Child<K, V> {
  switch (node.kind) {
    case 'leaf':
      if (node.key === leaf.key) return Object.is(node.value, leaf.value) ? node : leaf;
      added.v = true;
      return join(node, leaf, shift);
    case 'branch': {
      const bit = 1 << slot(leaf.hash, shift);
      const pos = popcount(node.bitmap & (bit - 1));
      if (!(node.bitmap & bit)) {
        added.v = true;
        const children = node.children.slice();
        children.splice(pos, 0, leaf);
        return { kind: 'branch', bitmap: node.bitmap | bit, children };
      }
      const old = node.children[pos]!;
      const next = assoc(old, shift + BITS, leaf, added);
      return next === old ? node : withChild(node, pos, next);
    }
  }
}

/** Returns the same node when the key is absent, undefined when the node became empty. */
function dissoc<K, V>(node: Child<K, V>, shift: number, key: K, hash: number): Child<K, V> | undefined {
  switch (node.kind) {
    case 'leaf':
      return node.key === key ? undefined : node;
    case 'branch': {
      const bit = 1 << slot(hash, shift);
      if (!(node.bitmap & bit)) return node;
      const pos = popcount(node.bitmap & (bit - 1));
      const old = node.children[pos]!;
      const next = dissoc(old, shift + BITS, key, hash);
      if (next === old) return node;
      if (next === undefined) {
        if (node.children.length === 1) return undefined;
        const children = node.children.filter((_, j) => j !== pos);
        // A lone leaf can move up: lookups reach it by the same hash prefix.
        if (children.length === 1 && children[0]!.kind !== 'branch' && shift > 0) return children[0];
        return { kind: 'branch', bitmap: node.bitmap & ~bit, children };
      }
      if (next.kind !== 'branch' && node.children.length === 1 && shift > 0) return next;
      return withChild(node, pos, next);
    }
  }
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

  /** A trie with key bound to value; `this` itself when the key already holds that very value. */
  set(key: K, value: V): Hamt<K, V> {
    const added = { v: false };
    const root = assoc(this.root, 0, { kind: 'leaf', hash: key.hash, key, value }, added) as Branch<K, V>;
    return root === this.root ? this : new Hamt(root, this.size + (added.v ? 1 : 0));
  }

  /** A trie without key; `this` itself when the key is absent. */
  delete(key: K): Hamt<K, V> {
    const root = dissoc(this.root, 0, key, key.hash);
    if (root === this.root) return this;
    return root === undefined ? Hamt.empty() : new Hamt(root as Branch<K, V>, this.size - 1);
  }

  *entries(): Generator<[K, V]> { yield* entriesOf(this.root); }
  *keys(): Generator<K> { for (const [k] of this.entries()) yield k; }
  *values(): Generator<V> { for (const [, v] of this.entries()) yield v; }

  /** Same keys with equal values (`eq`, identity by default), as Context.__eq__ compares. */
  equals(other: Hamt<K, V>, eq: (a: V, b: V) => boolean = Object.is): boolean {
    if (this === other || this.root === other.root) return true;
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
