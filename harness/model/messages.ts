/**
 * CPython's messages as data. Each row lists only what changed in that version; the table for a
 * version is every row up to it merged in order. Templates name their parts in braces.
 * Checked against CPython 3.7.16 to 3.13.0 (see /work/shared/spec/pep567-catalog.md items 2, 44,
 * 49–51, 65, 72); the 3.14 row comes from CPython's sources (catalog 56).
 */

import { inRange } from '../primitives/version-range.ts';

interface PyErrorSpec { kind: string; message: string }

export interface MessageTable {
  contextType: string;
  tokenType: string;
  /** What `with tok:` raises; null when Token is a context manager. */
  withToken: PyErrorSpec | null;
  tokenUsed: string;
  tokenOtherVar: string;
  tokenOtherContext: string;
  alreadyEntered: string;
  notEntered: string;
  noRunningLoop: string;
  /** Features that do not exist yet in a version: asyncio attributes and keywords. */
  missingTaskGroup: PyErrorSpec | null;
  missingToThread: PyErrorSpec | null;
  missingTaskContext: PyErrorSpec | null;
  taskGroupErrors: string;
  taskGroupFinished: string;
  taskGroupShuttingDown: string;
  /** Whether asyncio.wait_for wraps its coroutine in a task (before 3.12) or awaits it directly. */
  waitForMakesTask: boolean;
  /** Whether a user exception handler runs in the failing task's or handle's context (3.12+, gh-96704). */
  handlerInFailingContext: boolean;
  /** Whether awaiting a task whose body ended with CancelledError raises that very error, message and all
   * (3.11+), or a new CancelledError without one. */
  awaiterGetsBodyCancel: boolean;
  /** Whether Task.uncancel() taking back the last pending request also withdraws a cancellation the task
   * has not received yet (3.13+), or leaves it to come at the task's next await. */
  uncancelWithdraws: boolean;
  /** Whether a TaskGroup that raises errors un-cancels and re-cancels a parent cancelled from outside (3.13+), so
   * that cancellation still reaches it after the ExceptionGroup. */
  taskGroupRecancelsParent: boolean;
}

const ROWS: { since: string; set: Partial<MessageTable> }[] = [
  {
    since: '3.7',
    set: {
      contextType: 'Context',
      tokenType: 'Token',
      withToken: { kind: 'AttributeError', message: '__enter__' },
      tokenUsed: '{token} has already been used once',
      tokenOtherVar: '{token} was created by a different ContextVar',
      tokenOtherContext: '{token} was created in a different Context',
      alreadyEntered: 'cannot enter context: {context} is already entered',
      notEntered: 'cannot exit context: thread state references a different context object',
      noRunningLoop: 'no running event loop',
      missingTaskGroup: { kind: 'AttributeError', message: "module 'asyncio' has no attribute 'TaskGroup'" },
      missingToThread: { kind: 'AttributeError', message: "module 'asyncio' has no attribute 'to_thread'" },
      missingTaskContext: { kind: 'TypeError', message: "create_task() got an unexpected keyword argument 'context'" },
      taskGroupErrors: 'unhandled errors in a TaskGroup ({n} sub-exception{s})',
      taskGroupFinished: 'TaskGroup {group} is finished',
      taskGroupShuttingDown: 'TaskGroup {group} is shutting down',
      waitForMakesTask: true,
      handlerInFailingContext: false,
      awaiterGetsBodyCancel: false,
      uncancelWithdraws: false,
      taskGroupRecancelsParent: false,
    },
  },
  { since: '3.9', set: { missingToThread: null } },
  { since: '3.10', set: { contextType: '_contextvars.Context', tokenType: '_contextvars.Token' } },
  {
    since: '3.11',
    set: {
      withToken: { kind: 'TypeError', message: "'{tokenType}' object does not support the context manager protocol" },
      missingTaskGroup: null,
      missingTaskContext: null,
      awaiterGetsBodyCancel: true,
    },
  },
  { since: '3.12', set: { waitForMakesTask: false, handlerInFailingContext: true } },
  { since: '3.13', set: { uncancelWithdraws: true, taskGroupRecancelsParent: true } },
  { since: '3.14', set: { withToken: null } },
];

export const DEFAULT_VERSION = '3.13.0';

/** Merged tables by version: every scenario makes an adapter, and the merge is the same each time. */
const merged = new Map<string, MessageTable>();

export function messagesFor(version: string = DEFAULT_VERSION): MessageTable {
  const known = merged.get(version);
  if (known) return known;
  const out: Partial<MessageTable> = {};
  for (const row of ROWS) if (inRange(version, `>=${row.since}`)) Object.assign(out, row.set);
  // Frozen because it is shared: a caller that tried to change it would change every later run.
  const table = Object.freeze(out) as MessageTable;
  merged.set(version, table);
  return table;
}

/** Fills `{name}` parts of a template. */
export function fill(template: string, parts: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => parts[name] ?? whole);
}
