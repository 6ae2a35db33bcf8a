/**
 * The scenario format, version 1.3 (fixtures/FORMAT.md documents it; fixtures/schema/scenario.schema.json
 * is the machine-checked form). Exported for adapter and runner authors.
 *
 * A scenario is a program of operations. Names (variables, tokens, contexts, tasks, task groups,
 * events, generators) live in one namespace per scenario, so a token made in one task can be
 * reset in another: that misuse is part of what the suite checks.
 */
export const SCENARIO_FORMAT_VERSION = '1.3.0';

export type { Value } from './values.ts';

export type ErrorKind = 'LookupError' | 'KeyError' | 'RuntimeError' | 'ValueError' | 'TypeError' | 'AttributeError';
export const ERROR_KINDS: readonly ErrorKind[] = ['LookupError', 'KeyError', 'RuntimeError', 'ValueError', 'TypeError', 'AttributeError'];
/** Kinds a `raise` operation may use, and a `try` may list in `catch`: every kind the catalog names.
 * A raised KeyError's message is the repr of its argument, as str(KeyError(m)) is. */
export type RaisableKind = ErrorKind;
/** The Python base class of each kind below Exception, for `catch` (isinstance: LookupError catches KeyError). */
export const KIND_PARENT: Readonly<Record<string, string>> = { KeyError: 'LookupError', IndexError: 'LookupError' };

export type Flag = 'ordered' | 'python-only';

export interface SpecRef {
  /** The PEP 567 section or docs anchor, e.g. "PEP 567: ContextVar.reset()". */
  section: string;
  /** Item numbers of ../shared/spec/pep567-catalog.md section 1 that the scenario covers. */
  catalog: number[];
}

export interface Scenario {
  $schema?: string;
  title: string;
  description?: string;
  spec: SpecRef;
  /** From the closed list in fixtures/features.json; must include every feature its operations need. */
  features: string[];
  /** Python versions where the behaviour holds: comma-separated comparators, e.g. ">=3.11" or ">=3.9,<3.12". */
  python?: string;
  flags?: Flag[];
  /** The PEP 567 rule this scenario tests (fixtures/rules.json), since format 1.3: an adapter that names
   * the rule in `differs` gets SEMANTICS_DIFFER here instead of a FAIL. */
  rule?: string;
  /** The body of the main task (`main`), run by asyncio.run inside a fresh Context(). */
  program: AsyncOp[];
}

/* ---- operations: one interface per row of fixtures/schema/operations.json, generated ---- */
export * from './operation-types.ts';
import type { AsyncOp } from './operation-types.ts';
