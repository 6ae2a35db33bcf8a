/**
 * The operation table, read from its one declaration: fixtures/schema/operations.json (one row per
 * operation: its fields, where it may appear, what it records, its features, its version range, its
 * contract hooks, and its prose) and the closed feature list. scripts/validator.mjs generates from the
 * same file the schema's operation branches, the operation types (operation-types.ts, re-exported by
 * scenario.ts), FORMAT.md's operation tables and fixtures/features.json; the recorder checks scenarios with it (reference/pep567_recorder/schema.py).
 * A new operation touches these files, and no other by hand:
 * 1. its row there (then `node scripts/validator.mjs`, which writes the generated files), with its
 *    `hook`, its `model` when the model answers it with one member of its context runtime, event loop or
 *    argument, and its `fuzz` column when its generator can derive (harness/fuzz/derive.ts says when);
 * 2. its recorder method (reference/pep567_recorder/contexts.py or tasks.py);
 * 3. the interpreter (harness/interpreter/compile-sync.ts or compile-async.ts);
 * 4. the model, where its behaviour is new (harness/model/contextvars.ts, event-loop.ts…; harness/model/adapter.ts
 *    only for a hook the table cannot map);
 * 5. harness/show/python.ts;
 * 6. its contract hook (harness/contract/adapter.ts);
 * 7. its hook's prose (harness/contract/INTERPRETING.md).
 * Only an operation whose generator cannot derive also needs a rule in harness/fuzz/ (build.ts, build-more.ts,
 * raw.ts). Its scenarios are fixtures, recorded with `npx pep567 record --include`. A new feature is a line
 * of the table's `features` (fixtures/features.json is generated from it).
 */
// Imported, not read from disk, so bundles of the harness (runtime hosts) carry the table with them.
import ROWS from '../../fixtures/schema/operations.json' with { type: 'json' };
import type { AnyOp, OpName } from './scenario.ts';

export type Where = 'sync' | 'async' | 'gen';
/** The kinds of names a scenario binds (the table's slotKinds): one namespace each. */
export type SlotKind = keyof typeof ROWS.slotKinds;
/** A body field's kind: `enclosing` takes the kind of the body the operation stands in. */
export type BodyType = 'sync-body' | 'async-body' | 'generator-body' | 'enclosing-body' | 'children';
/** A field's type: a key of the table's fieldTypes, or a body. */
export type FieldType = string;

/** One row of fixtures/schema/operations.json, as written there. */
export interface OperationRow {
  where: Where;
  /** What the operation is in Python: FORMAT.md's "Python" cell and the type's doc comment. */
  doc: string;
  fields?: Record<string, FieldType>;
  optional?: Record<string, FieldType>;
  binds?: Record<string, SlotKind>;
  refs?: Record<string, SlotKind>;
  /** What a success records (FORMAT.md's "records" cell), or false when it records nothing. */
  records: string | false;
  features: string[];
  featuresIf?: Record<string, string[]>;
  python?: string;
  pythonIf?: Record<string, string>;
  hooks?: Record<string, string[]>;
  /** The adapter member the interpreter calls for the operation (every await operation names it; so does a row with `model`). */
  hook?: string;
  /** How the model answers `hook` (harness/model/adapter.ts): `rt.M`, `loop.M` (a member of the model's
   * context runtime or event loop) or `arg.M` (of the hook's first argument), called with the hook's
   * (other) arguments when it is a method, read when it is a property. */
  model?: string;
  /** How the fuzzer derives the operation's generator (harness/fuzz/derive.ts); absent: hand-written in harness/fuzz/. */
  fuzz?: FuzzRule;
}

/** A derived generator's choices: the pool it is drawn from (`context`: beside the context leaves;
 * `leaf`: any body, the default for sync rows; `async`: async bodies, the default for async rows), and
 * what the builder must know: it may raise (wrapped in `try` where errors must not escape), what it
 * observes depends on how tasks interleave (no interleaving law applies), it needs the loop's thread. */
export interface FuzzRule {
  pool?: 'context' | 'leaf' | 'async';
  raises?: boolean;
  ordered?: boolean;
  loop?: boolean;
}

export interface OperationTable {
  /** Each slot kind and the word messages use for it. */
  slotKinds: Record<SlotKind, string>;
  fieldTypes: Record<string, { description: string; schema: object }>;
  operations: Record<OpName, OperationRow>;
}

export const TABLE = ROWS as OperationTable;

export interface OpSpec extends OperationRow {
  /** The features this operation instance needs. */
  features: string[];
  /** The features an instance of this operation needs (the row's, and those of the optional fields it has). */
  featuresOf: (op: object) => string[];
  /** The Python versions where this operation instance exists (version-range syntax), when not every one:
   * the validator refuses a fixture whose `python` range allows a version outside it. */
  python?: string;
  pythonOf: (op: object) => string | undefined;
}

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function spec(row: OperationRow): OpSpec {
  const optional = Object.keys(row.featuresIf ?? {});
  return {
    ...row,
    featuresOf: (op) => [...row.features, ...optional.filter((f) => has(op, f)).flatMap((f) => row.featuresIf![f]!)],
    pythonOf: (op) => Object.entries(row.pythonIf ?? {}).find(([f]) => has(op, f))?.[1] ?? row.python,
  };
}

export const OPERATIONS = Object.fromEntries(Object.entries(TABLE.operations).map(([name, row]) => [name, spec(row)])) as Record<OpName, OpSpec>;

const BODY_WHERE: Record<BodyType, Where | 'inherit'> = { 'sync-body': 'sync', 'async-body': 'async', 'generator-body': 'gen', 'enclosing-body': 'inherit', children: 'async' };
const isBody = (t: FieldType): t is BodyType => Object.hasOwn(BODY_WHERE, t);

/** Each operation's body field (or field of named children), if it has one. */
const BODY_FIELD = Object.fromEntries(Object.entries(TABLE.operations).flatMap(([name, row]) =>
  Object.entries({ ...row.fields, ...row.optional }).filter(([, t]) => isBody(t)).map(([f, t]) => [name, { field: f, type: t as BodyType }]))) as Partial<Record<OpName, { field: string; type: BodyType }>>;

/** The kind of body each operation holds; `inherit` takes the kind of the body it stands in. */
export const BODY_KIND = Object.fromEntries(Object.entries(BODY_FIELD).map(([name, b]) => [name, BODY_WHERE[b!.type]])) as Partial<Record<OpName, Where | 'inherit'>>;

/** Operations whose children are named ({name, body}: gather's tasks, runner's runs), with the field that holds them. */
export function namedChildren(op: AnyOp): { field: string; children: { name: string; body: AnyOp[] }[] } | undefined {
  const b = BODY_FIELD[op.op];
  return b?.type === 'children' ? { field: b.field, children: (op as any)[b.field] } : undefined;
}

/** Child bodies of an operation, with the JSON-pointer suffix of each. */
export function childBodies(op: AnyOp): { pointer: string; body: AnyOp[]; where: Where | 'inherit' }[] {
  const b = BODY_FIELD[op.op];
  if (!b) return [];
  const where = BODY_WHERE[b.type];
  if (b.type === 'children') return ((op as any)[b.field] as { body: AnyOp[] }[]).map((t, i) => ({ pointer: `/${b.field}/${i}/body`, body: t.body, where }));
  return [{ pointer: `/${b.field}`, body: (op as any)[b.field], where }];
}

/** Every operation of a program with its JSON pointer, depth first, in program order. */
export function* walk(body: AnyOp[], pointer = '/program'): Generator<{ op: AnyOp; pointer: string }> {
  for (let i = 0; i < body.length; i++) {
    const op = body[i]!;
    const p = `${pointer}/${i}`;
    yield { op, pointer: p };
    for (const child of childBodies(op)) yield* walk(child.body, p + child.pointer);
  }
}

/** The features a program needs, derived from its operations. */
export function requiredFeatures(program: AnyOp[]): Set<string> {
  const out = new Set<string>();
  for (const { op } of walk(program)) for (const f of OPERATIONS[op.op].featuresOf(op)) out.add(f);
  return out;
}

/** The optional adapter members each feature needs (the rows' hooks): declaring the feature without them counts as lacking it. */
export const FEATURE_HOOKS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.values(TABLE.operations).flatMap((row) => Object.entries(row.hooks ?? {})));
