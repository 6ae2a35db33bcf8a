/**
 * Generators derived from the operation table: a row with a `fuzz` column gets its generator from
 * its own fields, with no code of its own in harness/fuzz/. What a derived generator draws, per
 * required field (optional fields are never drawn):
 * - a field the row `refs`: a pick among the names visible of that slot kind; a variable or a
 *   context the body lacks is made first (as every hand-written rule does), a token, task,
 *   function or generator the body lacks drops the operation;
 * - a field the row `binds`: a new variable or context name (never in a body that may run twice);
 * - a `value`: a value as every rule draws it; a `message`: 'boom' or 'oops'; a field type whose
 *   schema is an `enum` or a `const`: one of its values.
 * It appears where the row's `where` allows (a sync row in every body, an async row in async bodies).
 * Without a `pool` it is added by rule: after every twelfth operation the builder makes from a
 * skeleton, one of these rows (in turn, in the table's order) is tried, its picks and values worked
 * out from that count. It draws nothing, so every seed draws the skeletons it drew before the row
 * existed, and its programs are the same but for the operations the row adds (the seeds the specs
 * pin, for the mutants, keep finding what they found). With a `pool` it is drawn as an operation
 * of the skeleton, in that pool (`context`: beside the context leaves; `leaf`: any body; `async`:
 * async bodies), which changes what every seed draws: ctx_is, ctx_is_current and ctx_key are
 * drawn in `context`, as their hand-written kinds were, so their programs stayed the same.
 *
 * A row cannot derive (it keeps hand code, and suites/properties/generators.spec.ts says why) when it
 * holds a body, refers to or binds another slot kind (a group, event, future, async generator: their
 * rules are in build.ts and build-more.ts), has a field of another type, or is a generator body's.
 * What the builder and the laws must know of a derived operation is in its column: `raises` (it
 * may raise: wrapped in a try where no error may escape), `ordered` (what it observes depends on
 * how the tasks interleave: no interleaving law applies to its program), `loop` (not in a body that
 * may run off the loop's thread). A derived operation makes no task, sets no value and holds no body,
 * so the laws' skeleton prefilters (laws.ts) hold for it; one that hands a task's context or
 * values to another task, or waits on another task, needs hand code (laws.ts's SHARING, build.ts's
 * blocking operations).
 */
import fc from 'fast-check';
import { TABLE, type FuzzRule, type OperationRow, type SlotKind, type Where } from '../format/operations.ts';
import type { OpName, Value } from '../format/scenario.ts';

export type Pool = NonNullable<FuzzRule['pool']>;
/** A derived row is drawn from a pool of the skeleton, or added by rule. */
export type Placement = Pool | 'rule';

/** A derived operation's skeleton: its row, and what was drawn for each field (a pick, or the value itself). */
export interface DerivedRaw { k: 'derived'; op: OpName; f: Record<string, unknown> }

/** How a field is filled: a name picked among a slot kind's, a new name, or the value drawn. */
export type Fill = { field: string } & ({ by: 'ref'; slot: SlotKind } | { by: 'bind'; slot: 'var' | 'context' } | { by: 'draw'; type: string });

export interface Derivation { op: OpName; where: Where; pool: Placement; fills: Fill[]; rule: FuzzRule }

/** Slot kinds a derived operation may name: what the builder's scope keeps a list of (build-scope.ts). */
export const REFERABLE: ReadonlySet<string> = new Set(['var', 'context', 'token', 'task', 'function', 'generator']);
const BINDABLE: ReadonlySet<string> = new Set(['var', 'context']);
const RULE_KEYS: ReadonlySet<string> = new Set(['pool', 'raises', 'ordered', 'loop']);

/** A row's derivation, or why it has none. */
export function derivation(op: OpName, row: OperationRow, fieldTypes = TABLE.fieldTypes): Derivation | { problem: string } {
  const rule = row.fuzz;
  if (!rule) return { problem: 'no fuzz column' };
  const unknown = Object.keys(rule).filter((k) => !RULE_KEYS.has(k));
  if (unknown.length) return { problem: `unknown key ${unknown.join(', ')} (pool, raises, ordered, loop)` };
  if (rule.pool !== undefined && !['context', 'leaf', 'async'].includes(rule.pool)) return { problem: `unknown pool ${rule.pool}` };
  const pool = rule.pool ?? 'rule';
  if (row.where === 'gen') return { problem: `where ${row.where}: only sync and async operations derive` };
  if (pool !== 'rule' && (pool === 'async') !== (row.where === 'async')) return { problem: `pool ${pool} holds ${pool === 'async' ? 'async' : 'sync'} operations, and it is ${row.where}` };
  const fills: Fill[] = [];
  for (const [field, type] of Object.entries(row.fields ?? {})) {
    const ref = row.refs?.[field], bind = row.binds?.[field];
    if (field === 'k' || field === 'op') return { problem: `a field named ${field} is the skeleton's own` };
    if (ref) {
      if (!REFERABLE.has(ref)) return { problem: `${field} refers to a ${ref}, which only hand-written rules name` };
      fills.push({ field, by: 'ref', slot: ref });
    } else if (bind) {
      if (!BINDABLE.has(bind)) return { problem: `${field} binds a ${bind}, which only hand-written rules make` };
      fills.push({ field, by: 'bind', slot: bind as 'var' | 'context' });
    } else if (drawOf(type, fieldTypes)) fills.push({ field, by: 'draw', type });
    else return { problem: `${field} is of type ${type}, which no derived generator draws` };
  }
  return { op, where: row.where, pool, fills, rule };
}

/** The arbitrary of a drawn field type, if there is one. */
function drawOf(type: string, fieldTypes: typeof TABLE.fieldTypes, value?: fc.Arbitrary<Value>): fc.Arbitrary<unknown> | undefined {
  if (type === 'value') return value ?? fc.constant(null);
  if (type === 'message') return fc.constantFrom('boom', 'oops');
  const schema = fieldTypes[type]?.schema as { enum?: unknown[]; const?: unknown } | undefined;
  if (schema?.enum) return fc.constantFrom(...schema.enum);
  if (schema && 'const' in schema) return fc.constant(schema.const);
  return undefined;
}

/** Every row that derives, in table order. */
export const DERIVED: ReadonlyMap<OpName, Derivation> = new Map(Object.entries(TABLE.operations).flatMap(([op, row]) => {
  const d = derivation(op as OpName, row);
  return 'problem' in d ? [] : [[op as OpName, d] as const];
}));

/** Derived operations that may raise, and those whose observations depend on how tasks interleave. */
export const DERIVED_RAISES: ReadonlySet<string> = new Set([...DERIVED.values()].filter((d) => d.rule.raises).map((d) => d.op));
export const DERIVED_ORDERED: ReadonlySet<string> = new Set([...DERIVED.values()].filter((d) => d.rule.ordered).map((d) => d.op));

/**
 * The skeleton arbitraries of a pool's rows, each with its operation (for the gate): a pick for each
 * name it refers to, a draw for each drawn field, in the row's field order. `pick` and `value` are
 * the skeletons' own (raw.ts), so a row that replaced a hand-written kind draws what it drew.
 */
export function derivedArbitraries(pool: Pool, pick: fc.Arbitrary<number>, value: fc.Arbitrary<Value>): [OpName, fc.Arbitrary<DerivedRaw>][] {
  return [...DERIVED.values()].filter((d) => d.pool === pool).map((d) => {
    const f: Record<string, fc.Arbitrary<unknown>> = {};
    for (const x of d.fills) if (x.by !== 'bind') f[x.field] = x.by === 'ref' ? pick : drawOf(x.type, TABLE.fieldTypes, value)!;
    // One flat record, then nested: a record inside a record draws otherwise than the same keys flat.
    const flat = fc.record({ k: fc.constant('derived' as const), op: fc.constant(d.op), ...f }) as fc.Arbitrary<Record<string, unknown>>;
    return [d.op, flat.map(({ k: _, op: __, ...drawn }) => ({ k: 'derived' as const, op: d.op, f: drawn }))];
  });
}

const RULE_VALUES: readonly Value[] = [0, 1, 2, 3, 'a', 4, 5, 'b', 6, 7, null, 8, 9, 'x'];

/**
 * For rows added by rule (`ruled`, each tried after every PERIOD-th operation built, PERIOD at least
 * 12): what the builder makes after the k-th operation it built from a skeleton (`r`): `r`, then the
 * row whose turn it is, its picks and values worked out from k (nothing is drawn).
 */
export function ruler(ruled: readonly Derivation[]): <T>(k: number, r: T) => (T | DerivedRaw)[] {
  const period = Math.max(12, ruled.length);
  return (k, r) => {
    const d = ruled.length ? ruled[k % period] : undefined;
    if (!d) return [r];
    const n = Math.floor(k / period), f: Record<string, unknown> = {};
    d.fills.forEach((x, j) => {
      if (x.by === 'ref') f[x.field] = (n + j) % 8;
      else if (x.by === 'draw') f[x.field] = ruledValue(x.type, n + j);
    });
    return [r, { k: 'derived', op: d.op, f }];
  };
}

/** The rows of the table added by rule. */
export const ruledAt = ruler([...DERIVED.values()].filter((d) => d.pool === 'rule'));

/** The i-th value of a drawn field type, for a row added by rule. */
function ruledValue(type: string, i: number): unknown {
  if (type === 'value') return RULE_VALUES[i % RULE_VALUES.length];
  if (type === 'message') return i % 2 ? 'oops' : 'boom';
  const schema = TABLE.fieldTypes[type]!.schema as { enum?: unknown[]; const?: unknown };
  return schema.enum ? schema.enum[i % schema.enum.length] : schema.const;
}

/**
 * Why rows have no generator: each row derives (its fuzz column) or has hand-written code (`hand`:
 * the operations raw.ts and the builder's rules make), never both and never neither.
 */
export function generatorProblems(rows: Record<string, OperationRow>, hand: ReadonlySet<string>, fieldTypes = TABLE.fieldTypes): string[] {
  const out: string[] = [];
  for (const [op, row] of Object.entries(rows)) {
    const d = derivation(op as OpName, row, fieldTypes);
    if (row.fuzz && 'problem' in d) out.push(`${op}: its fuzz column derives no generator: ${d.problem}`);
    else if (row.fuzz && hand.has(op)) out.push(`${op}: both a fuzz column and hand-written code in harness/fuzz/ (keep one)`);
    else if (!row.fuzz && !hand.has(op)) out.push(`${op}: no generator: give its row a fuzz column (harness/fuzz/derive.ts says which rows can derive) or write its rule in harness/fuzz/`);
  }
  return out;
}
