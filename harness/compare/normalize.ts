/** Views whose order carries no meaning are compared as sets: keys and items by variable name, values as a multiset. */
import { canonicalJson } from '../primitives/canonical.ts';
import type { Observation, TraceValue } from '../format/trace.ts';

const nameOf = (v: TraceValue): string => (v && typeof v === 'object' && !Array.isArray(v) && '$var' in v ? v.$var : canonicalJson(v));
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function normalizedValue(o: Observation): TraceValue | undefined {
  const v = o.value;
  if (!Array.isArray(v)) return v;
  switch (o.op) {
    case 'ctx_keys': return [...v].sort((a, b) => cmp(nameOf(a), nameOf(b)));
    case 'ctx_items': return [...v].sort((a, b) => cmp(nameOf(Array.isArray(a) ? a[0]! : a), nameOf(Array.isArray(b) ? b[0]! : b)));
    case 'ctx_values': return [...v].sort((a, b) => cmp(canonicalJson(a), canonicalJson(b)));
    default: return v;
  }
}

export function sameValue(a: Observation, b: Observation): boolean {
  return canonicalJson(normalizedValue(a) ?? null) === canonicalJson(normalizedValue(b) ?? null)
    && (a.value === undefined) === (b.value === undefined);
}
