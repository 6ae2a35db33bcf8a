/**
 * JSON text of the host's messages, made only with the captured built-ins of primordials.ts and
 * reading only own data properties: an implementation's Object.prototype.toJSON, a getter, a
 * replaced JSON.stringify or Array.prototype method, or a Proxy cannot change what is sent. What
 * JSON cannot hold is refused (a thrown Error), never guessed. `canonical` sorts object keys, the
 * bytes of fixtures/canonical.ts's canonicalJson, for the scenario hash.
 */
import {
  appendOwn, ArrayIsArray, ArrayPrototypeSort, createSha256, HashPrototypeDigest, HashPrototypeUpdate, isProxy, JSONStringify,
  NumberIsFinite, ReflectApply, ReflectGetOwnPropertyDescriptor, ReflectOwnKeys,
} from './primordials.ts';

const MAX_DEPTH = 200;

function refuse(why: string): never {
  throw new Error(`the host refused to serialise a value: ${why}`);
}

function write(v: unknown, canonical: boolean, depth: number): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string': return JSONStringify(v) as string; // a primitive: no toJSON is consulted
    case 'boolean': return v ? 'true' : 'false';
    case 'number': return NumberIsFinite(v) ? (JSONStringify(v) as string) : 'null';
    case 'undefined': case 'function': case 'symbol': return undefined;
    case 'bigint': refuse('a bigint');
  }
  if (depth > MAX_DEPTH) refuse(`nested deeper than ${MAX_DEPTH}`);
  if (isProxy(v)) refuse('a Proxy');
  const own = (k: string | symbol) => {
    const d = ReflectGetOwnPropertyDescriptor(v as object, k);
    // A data descriptor has its own `writable`; `in` would also see an inherited Object.prototype.value.
    if (d && !ReflectGetOwnPropertyDescriptor(d, 'writable')) refuse(typeof k === 'string' ? `an accessor property ${k}` : 'an accessor property');
    return d;
  };
  if (ArrayIsArray(v)) {
    const n = own('length')!.value as number;
    let out = '[';
    for (let i = 0; i < n; i++) {
      const d = own('' + i);
      const text = d ? write(d.value, canonical, depth + 1) : undefined;
      out += (i ? ',' : '') + (text ?? 'null');
    }
    return out + ']';
  }
  const keys: string[] = [];
  const all = ReflectOwnKeys(v as object); // index loops: for-of would call the patchable Array iterator
  for (let i = 0; i < all.length; i++) {
    const k = all[i]!;
    if (typeof k !== 'string') continue;
    const d = own(k)!;
    if (d.enumerable) appendOwn(keys, k);
  }
  if (canonical) ReflectApply(ArrayPrototypeSort, keys, []);
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const text = write(own(k)!.value, canonical, depth + 1);
    if (text === undefined) continue;
    out += (first ? '' : ',') + (JSONStringify(k) as string) + ':' + text;
    first = false;
  }
  return out + '}';
}

/** JSON text of v (no spaces), from own enumerable data properties only. */
export function safeJson(v: unknown): string {
  return write(v, false, 0) ?? refuse('nothing to send');
}

/** sha256 (hex) of v's canonical JSON, as fixtures/canonical.ts's scenarioHash computes it. */
export function safeScenarioHash(v: unknown): string {
  const h = createSha256();
  ReflectApply(HashPrototypeUpdate, h, [write(v, true, 0) ?? '', 'utf8']);
  return ReflectApply(HashPrototypeDigest, h, ['hex']) as string;
}
