/**
 * Whether a body's Python holds an await of its own: an await operation, or one inside a `try`,
 * `with_token` or `with_value` region of it (those run in the body's own frame). Bodies of other
 * tasks, callbacks and `run` are not part of it. A `with_value` whose body has none is run as a
 * synchronous function, with no native await after it (INTERPRETING.md, "The await discipline").
 */
import type { AnyOp } from '../format/scenario.ts';
import { OPERATIONS } from '../format/operations.ts';

export function bodyAwaits(ops: readonly AnyOp[]): boolean {
  for (const op of ops) {
    if (OPERATIONS[op.op].where === 'async') return true;
    if ((op.op === 'try' || op.op === 'with_token' || op.op === 'with_value') && bodyAwaits(op.body as AnyOp[])) return true;
  }
  return false;
}
