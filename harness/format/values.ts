/** Values a scenario can store: small integers, short strings and null (Python None); the schema's `$defs/value`. */
export type Value = number | string | null;
