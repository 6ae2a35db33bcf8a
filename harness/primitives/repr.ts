/** Python's repr() of the values a scenario can hold: ints, str and None (for reprs of defaults and names). */
import type { Value } from '../format/scenario.ts';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function strRepr(s: string): string {
  // Python picks double quotes only when the text has a single quote and no double quote.
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (ch === quote) out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

export function pyRepr(v: Value): string {
  if (v === null) return 'None';
  if (typeof v === 'number') return String(v);
  return strRepr(v);
}
