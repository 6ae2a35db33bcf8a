/** A task made without context= starts in a new empty context instead of a copy of its creator's: cause lost-at-task-start. */
import type { AdapterOptions } from '../../../../harness/contract/adapter.ts';
import { createModelAdapter } from '../../../../harness/model/adapter.ts';

export function createAdapter(options: AdapterOptions) {
  const a = createModelAdapter(options, undefined, 'defect-task-starts-empty');
  return { ...a, spawn: (body: never, o: Parameters<typeof a.spawn>[1]) => a.spawn(body, { ...o, context: o.context ?? a.newContext() }) };
}
