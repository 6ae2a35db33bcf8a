/** Checks a parsed report.json against the published schema (report.schema.json); returns readable errors. */
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';

export const REPORT_SCHEMA_FILE = new URL('./report.schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8'));
// strictTypes is off: the if/then rules on `status` name properties without restating the object type.
const check = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false }).compile(schema);

export function reportErrors(report: unknown): string[] {
  if (check(report)) return [];
  return (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
