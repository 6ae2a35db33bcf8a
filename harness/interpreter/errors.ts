/** Errors the interpreter itself raises or records. */
import { isLibraryError, isNoContextError, LIBRARY_ERROR, NO_CONTEXT, type Adapter } from '../contract/adapter.ts';
import type { ObservedError } from '../format/trace.ts';
import { maskAddresses } from '../primitives/mask.ts';

/**
 * A Python exception as data: a trace records its kind and message, never a JS stack, and
 * capturing a stack for each one (every raise, every cancellation) is most of what it costs.
 */
export class StacklessError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** Thrown by the `raise` operation; classified before the adapter is asked. */
export class ScenarioRaise extends StacklessError {
  constructor(readonly kind: string, message: string) {
    super(message);
    this.name = 'ScenarioRaise';
  }
}

/** A fault of the scenario or the adapter wiring (unknown handle, missing hook): the result is ERROR, not FAIL. */
export class HarnessFault extends Error {
  override name = 'HarnessFault';
}

/** The kind recorded for an error the adapter could not map to a Python exception class. */
export const UNMAPPED = 'Unmapped';


/** Classification order: the scenario's own `raise`, a NoContextError, a LibraryError, then the adapter; anything else is Unmapped. */
export function classify(adapter: Adapter, e: unknown): { error: ObservedError; unmapped: boolean } {
  if (e instanceof ScenarioRaise) return { error: { kind: e.kind, message: maskAddresses(e.message) }, unmapped: false };
  if (e instanceof HarnessFault) throw e;
  if (isNoContextError(e)) return { error: { kind: NO_CONTEXT, message: maskAddresses(e.message) }, unmapped: false };
  if (isLibraryError(e)) return { error: { kind: LIBRARY_ERROR, message: maskAddresses(e.message) }, unmapped: false };
  let c;
  try { c = adapter.classifyError(e); } catch { c = undefined; }
  if (c && typeof c.kind === 'string') return { error: { kind: c.kind, message: maskAddresses(String(c.message ?? '')) }, unmapped: false };
  return { error: { kind: UNMAPPED, message: maskAddresses(describe(e)) }, unmapped: true };
}

export function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export function stackOf(e: unknown): string {
  return e instanceof Error ? (e.stack ?? describe(e)) : String(e);
}

/** stackOf for anything an implementation may throw, even a value whose toString throws. */
export function printable(e: unknown): string {
  try { return stackOf(e); } catch { return `a thrown ${typeof e} that cannot be printed`; }
}

/** The error of a scenario whose implementation threw from its own callbacks (in process, and in a host alike). */
export const thrownOutsideOperations = (thrown: readonly unknown[]): string =>
  `the implementation threw outside any operation: ${thrown.map(printable).join('\n\n')}`;
