#!/usr/bin/env node
/**
 * Generates from the operation table (fixtures/schema/operations.json):
 * - harness/format/operation-types.ts, the TypeScript type of every operation, FORMAT.md's
 *   operation tables and fixtures/features.json, the table's feature list (scripts/operation-docs.mjs);
 * - the operation branches of fixtures/schema/scenario.schema.json (every `op_*` definition and the
 *   syncOp/asyncOp/genOp unions; the rest of the schema is written by hand and kept as it is);
 * - harness/scenarios/schema-check.ts: that schema compiled by ajv ahead of time (standalone code),
 *   so no process pays for compiling the schema at load.
 * `node scripts/validator.mjs` rewrites them all; `--check` exits 1 when one is stale.
 * suites/scenarios/schema-check.spec.ts runs the same comparison (generatedFiles()).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { featuresSource, formatSource, typesSource } from './operation-docs.mjs';

export const SCHEMA_FILE = fileURLToPath(new URL('../fixtures/schema/scenario.schema.json', import.meta.url));
export const TABLE_FILE = fileURLToPath(new URL('../fixtures/schema/operations.json', import.meta.url));
export const GENERATED_FILE = fileURLToPath(new URL('../harness/scenarios/schema-check.ts', import.meta.url));
export const TYPES_FILE = fileURLToPath(new URL('../harness/format/operation-types.ts', import.meta.url));
export const FORMAT_FILE = fileURLToPath(new URL('../fixtures/FORMAT.md', import.meta.url));
export const FEATURES_FILE = fileURLToPath(new URL('../fixtures/features.json', import.meta.url));

const UNIONS = { syncOp: ['sync'], asyncOp: ['sync', 'async'], genOp: ['sync', 'gen'] };
const BODY_ITEMS = { 'sync-body': 'syncOp', 'async-body': 'asyncOp', 'generator-body': 'genOp', children: 'asyncOp' };
/** `enclosing-body` operations (try, with_token, with_value) get one branch per kind of body they stand in. */
const ENCLOSING = { sync: 'syncOp', async: 'asyncOp' };

function fieldSchema(table, type, enclosing) {
  if (type === 'enclosing-body') return { type: 'array', items: { $ref: `#/$defs/${ENCLOSING[enclosing]}` } };
  if (type === 'children') {
    return { type: 'array', minItems: 1, items: { type: 'object', additionalProperties: false, required: ['name', 'body'],
      properties: { name: table.fieldTypes.name.schema, body: fieldSchema(table, 'async-body') } } };
  }
  if (BODY_ITEMS[type]) return { type: 'array', items: { $ref: `#/$defs/${BODY_ITEMS[type]}` } };
  const t = table.fieldTypes[type];
  if (!t) throw new Error(`${TABLE_FILE}: unknown field type ${JSON.stringify(type)}`);
  return t.schema;
}

function branch(table, name, row, enclosing) {
  const properties = { op: { const: name } };
  for (const [f, t] of Object.entries({ ...row.fields, ...row.optional })) properties[f] = fieldSchema(table, t, enclosing);
  return { type: 'object', additionalProperties: false, required: ['op', ...Object.keys(row.fields ?? {})], properties };
}

/** The schema's text with its operation branches generated from the table. */
export function schemaSource(schemaText = readFileSync(SCHEMA_FILE, 'utf8'), tableText = readFileSync(TABLE_FILE, 'utf8')) {
  const schema = JSON.parse(schemaText);
  const table = JSON.parse(tableText);
  const defs = Object.fromEntries(Object.entries(schema.$defs).filter(([k]) => !k.startsWith('op_') && !Object.hasOwn(UNIONS, k)));
  const refs = { sync: [], async: [], gen: [] };
  for (const [name, row] of Object.entries(table.operations)) {
    const enclosing = Object.values({ ...row.fields, ...row.optional }).includes('enclosing-body');
    for (const kind of enclosing ? ['sync', 'async'] : [undefined]) {
      const id = kind ? `op_${name}_${kind}` : `op_${name}`;
      defs[id] = branch(table, name, row, kind);
      // An enclosing-body branch serves the bodies of its kind: the sync one also generator bodies.
      const wheres = kind === 'async' ? ['async'] : kind === 'sync' ? ['sync', 'gen'] : [row.where];
      for (const w of wheres) refs[w].push({ $ref: `#/$defs/${id}` });
    }
  }
  for (const [union, wheres] of Object.entries(UNIONS)) {
    // Every operation allowed in the body (the sync branch of an enclosing op only in bodies that are not async).
    const oneOf = union === 'asyncOp'
      ? [...refs.sync.filter((r) => !r.$ref.endsWith('_sync')), ...refs.async]
      : wheres.flatMap((w) => refs[w]).filter((r, i, all) => all.findIndex((x) => x.$ref === r.$ref) === i);
    defs[union] = { type: 'object', required: ['op'], properties: { op: { type: 'string' } }, discriminator: { propertyName: 'op' }, oneOf };
  }
  return JSON.stringify({ ...schema, $defs: defs }, null, 2) + '\n';
}

/** The generated module's text for the schema as it is now; the options must match what validate.ts used. */
export function validatorSource(schemaText = schemaSource()) {
  const ajv = new Ajv2020({ allErrors: false, discriminator: true, strict: true, allowUnionTypes: true, code: { source: true, esm: true } });
  const check = ajv.compile(JSON.parse(schemaText));
  const code = standaloneCode.default(ajv, check);
  return [
    '// @ts-nocheck',
    '// GENERATED by scripts/validator.mjs from fixtures/schema/scenario.schema.json: do not edit;',
    '// run `node scripts/validator.mjs` after changing the schema or the operation table (a spec fails while it is stale).',
    "import { createRequire } from 'node:module';",
    // ajv's standalone output still calls require() for its runtime helpers.
    'const require = createRequire(import.meta.url);',
    code,
    '',
  ].join('\n');
}

/** Every generated file: [path, the text it must have, its label]. */
export function generatedFiles() {
  const schema = schemaSource();
  const table = JSON.parse(readFileSync(TABLE_FILE, 'utf8'));
  return [
    [SCHEMA_FILE, schema, 'fixtures/schema/scenario.schema.json'],
    [GENERATED_FILE, validatorSource(schema), 'harness/scenarios/schema-check.ts'],
    [TYPES_FILE, typesSource(table), 'harness/format/operation-types.ts'],
    [FORMAT_FILE, formatSource(readFileSync(FORMAT_FILE, 'utf8'), table), "fixtures/FORMAT.md's operation tables"],
    [FEATURES_FILE, featuresSource(table), 'fixtures/features.json'],
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outputs = generatedFiles();
  if (process.argv.includes('--check')) {
    let stale = 0;
    for (const [file, next, label] of outputs) {
      let now = '';
      try { now = readFileSync(file, 'utf8'); } catch {}
      if (now !== next) stale++;
      process.stdout.write(now === next ? `${label} is up to date\n` : `${label} is stale: run node scripts/validator.mjs\n`);
    }
    process.exit(stale ? 1 : 0);
  }
  for (const [file, next, label] of outputs) {
    let now = '';
    try { now = readFileSync(file, 'utf8'); } catch {}
    if (now !== next) { writeFileSync(file, next); process.stdout.write(`wrote ${label}\n`); } else process.stdout.write(`${label} is up to date\n`);
  }
}
