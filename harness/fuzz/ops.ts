/**
 * Every operation of a program as one flat list, depth first in program order (the order of
 * format/operations.ts's walk), without the JSON pointers or the nested generators the walk
 * makes: the fuzzer goes over each program several times (building it, wrapping it as a scenario,
 * deciding what a law changes), and the walk's nested `yield*` was a tenth of a campaign's time.
 */
import { childBodies } from '../format/operations.ts';
import type { AnyOp } from '../format/scenario.ts';

export function opsOf<T extends AnyOp>(body: readonly T[], out: T[] = []): T[] {
  for (const op of body) {
    out.push(op);
    for (const child of childBodies(op)) opsOf(child.body as T[], out);
  }
  return out;
}
