/** Turning what an adapter returns into trace values: MISSING, variable references, sorted mapping views. */
import { MISSING } from '../contract/adapter.ts';
import { MISSING_VALUE, type TraceValue } from '../format/trace.ts';
import type { Names } from './names.ts';

/** A value as stored in a trace; anything that is not a scenario value is shown, so a comparison fails readably. */
export function traceValue(v: unknown): TraceValue {
  if (v === MISSING) return MISSING_VALUE;
  // NaN and the infinities are no scenario value, and JSON would write them as null, which equals None.
  if (v === null || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' || typeof v === 'boolean') return v;
  return { $js: describeForeign(v) } as unknown as TraceValue;
}

function describeForeign(v: unknown): string {
  if (v === undefined || typeof v === 'number') return String(v);
  if (typeof v === 'symbol') return v.toString();
  try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
}

/** `{"$var": name}` for a handle; an unknown handle is named so the divergence shows it. */
export function varRef(names: Names, handle: unknown): TraceValue {
  return { $var: names.nameOf(handle) ?? '<handle the adapter never created>' };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sortedKeys(names: Names, keys: unknown[]): TraceValue {
  return keys.map((k) => varRef(names, k)).sort((a, b) => byName((a as { $var: string }).$var, (b as { $var: string }).$var));
}

export function sortedItems(names: Names, items: [unknown, unknown][]): TraceValue {
  return items
    .map(([k, v]) => [varRef(names, k), traceValue(v)] as [TraceValue, TraceValue])
    .sort((a, b) => byName((a[0] as { $var: string }).$var, (b[0] as { $var: string }).$var));
}

/**
 * values() in the order of their variables' names. The contract asks keys() and values() of an
 * unchanged context to iterate in the same order (as a Python mapping does), so pairing them
 * gives each value its name; if the lengths differ the values are kept as returned.
 */
export function sortedValues(names: Names, keys: unknown[], values: unknown[]): TraceValue {
  if (keys.length !== values.length) return values.map(traceValue);
  const pairs = keys.map((k, i) => ({ name: names.nameOf(k) ?? '', value: traceValue(values[i]) }));
  return pairs.sort((a, b) => byName(a.name, b.name)).map((p) => p.value);
}
