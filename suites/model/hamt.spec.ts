import { expect } from 'chai';
import fc from 'fast-check';
import { Hamt, counterHash, type HashKey } from '../../harness/model/hamt.ts';

/** A key with a chosen hash (distinct per key, as HashKey asks): chosen hashes force deep shared prefixes. */
class Key implements HashKey {
  constructor(readonly id: number, readonly hash: number) {}
}

type Op = { kind: 'set'; key: number; value: number } | { kind: 'delete'; key: number } | { kind: 'get'; key: number };

const opArb = (keys: number) => fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.nat(keys - 1), value: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.nat(keys - 1) }),
  fc.record({ kind: fc.constant('get' as const), key: fc.nat(keys - 1) }),
);

/** Injective hash functions, from well spread to ones sharing long prefixes (the trie's deepest levels). */
const hashings: Record<string, (id: number) => number> = {
  spread: (id) => counterHash(id),
  'same low 27 bits': (id) => (id << 27) >>> 0,
  'same low 30 bits but one': (id) => (((id % 4) << 30) | ((id >> 2) << 25)) >>> 0,
  'same top bits': (id) => (0xfff00000 | id) >>> 0,
};

function sameAsMap(h: Hamt<Key, number>, m: Map<Key, number>): void {
  expect(h.size).to.equal(m.size);
  const entries = [...h.entries()];
  expect(entries.length).to.equal(m.size);
  const ids = (ks: Iterable<Key>) => [...ks].map((k) => k.id).sort((a, b) => a - b);
  expect(ids(entries.map(([k]) => k))).to.deep.equal(ids(m.keys()));
  for (const [k, v] of entries) expect(m.get(k)).to.equal(v);
  for (const k of m.keys()) expect(h.has(k)).to.equal(true);
}

describe('model HAMT', () => {
  for (const [name, hashOf] of Object.entries(hashings)) {
    it(`behaves as a Map on random operation sequences (${name})`, () => {
      fc.assert(fc.property(fc.array(opArb(24), { maxLength: 120 }), (ops) => {
        const keys = Array.from({ length: 24 }, (_, i) => new Key(i, hashOf(i)));
        let h = Hamt.empty<Key, number>();
        const m = new Map<Key, number>();
        const history: [Hamt<Key, number>, Map<Key, number>][] = [];
        for (const op of ops) {
          const k = keys[op.key]!;
          if (op.kind === 'get') { expect(h.get(k)).to.equal(m.get(k)); expect(h.has(k)).to.equal(m.has(k)); continue; }
          // delete needs a key the trie holds, as the model's only caller (reset) makes sure.
          if (op.kind === 'delete' && !m.has(k)) continue;
          history.push([h, new Map(m)]);
          if (op.kind === 'set') { h = h.set(k, op.value); m.set(k, op.value); }
          else { h = h.delete(k); m.delete(k); }
          sameAsMap(h, m);
        }
        // Persistence: every earlier version still holds exactly what it held.
        for (const [old, snapshot] of history) sameAsMap(old, snapshot);
      }), { numRuns: 150 });
    });
  }

  it('equality follows contents, not history or insertion order', () => {
    fc.assert(fc.property(fc.array(opArb(16), { maxLength: 60 }), fc.array(opArb(16), { maxLength: 60 }), (a, b) => {
      const keys = Array.from({ length: 16 }, (_, i) => new Key(i, (i << 28) >>> 0));
      const build = (ops: Op[]) => {
        let h = Hamt.empty<Key, number>();
        const m = new Map<Key, number>();
        for (const op of ops) {
          const k = keys[op.key]!;
          if (op.kind === 'set') { h = h.set(k, op.value); m.set(k, op.value); }
          if (op.kind === 'delete' && m.has(k)) { h = h.delete(k); m.delete(k); }
        }
        return { h, m };
      };
      const x = build(a), y = build(b);
      const mapsEqual = x.m.size === y.m.size && [...x.m].every(([k, v]) => y.m.has(k) && y.m.get(k) === v);
      expect(x.h.equals(y.h)).to.equal(mapsEqual);
      expect(y.h.equals(x.h)).to.equal(mapsEqual);
    }), { numRuns: 200 });
  });

  it('a trie emptied by deletes (its emptied branches kept) is equal to the empty one and takes keys again', () => {
    // Same low 10 bits: the pair sits two levels down, under branches that deleting leaves empty.
    const a = new Key(1, 5), b = new Key(2, 5 + (1 << 10)), c = new Key(3, 5 + (2 << 10));
    const emptied = Hamt.empty<Key, number>().set(a, 1).set(b, 2).delete(a).delete(b);
    expect(emptied.size).to.equal(0);
    expect([...emptied.entries()]).to.deep.equal([]);
    expect(emptied.equals(Hamt.empty())).to.equal(true);
    const again = emptied.set(c, 3).set(a, 4);
    expect(again.get(c)).to.equal(3);
    expect(again.get(a)).to.equal(4);
    expect(again.has(b)).to.equal(false);
    expect(again.size).to.equal(2);
  });

  it('set and delete share the untouched structure (a copy is the same root)', () => {
    const keys = Array.from({ length: 200 }, (_, i) => new Key(i, counterHash(i)));
    let h = Hamt.empty<Key, number>();
    for (const k of keys) h = h.set(k, k.id);
    const before = h;
    const after = h.set(keys[0]!, -1);
    expect(before.get(keys[0]!)).to.equal(0);
    expect(after.get(keys[0]!)).to.equal(-1);
    // Nodes off the changed path are shared: the tries differ in one path only.
    const rootOf = (t: Hamt<Key, number>) => (t as unknown as { root: { children: unknown[] } }).root;
    const shared = rootOf(before).children.filter((c) => rootOf(after).children.includes(c)).length;
    expect(shared).to.equal(rootOf(before).children.length - 1);
  });

  it('counterHash is deterministic, gives distinct counters distinct hashes and spreads them', () => {
    expect(counterHash(7)).to.equal(counterHash(7));
    expect(new Set(Array.from({ length: 100_000 }, (_, i) => counterHash(i + 1))).size).to.equal(100_000);
    const slots = new Set(Array.from({ length: 32 }, (_, i) => counterHash(i + 1) & 31));
    expect(slots.size).to.be.greaterThan(12);
  });
});
