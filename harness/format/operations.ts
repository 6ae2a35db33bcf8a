/**
 * The operation table: one row per operation of the scenario format. The validator, the feature
 * check and the documentation read it. Adding an operation also means: its type in scenario.ts;
 * its branch in fixtures/schema/scenario.schema.json (then `node scripts/validator.mjs`); the
 * recorder's list (reference/pep567_recorder/schema.py) and its method there (contexts.py or
 * tasks.py); its feature hook in harness/interpreter/features.ts; the interpreter
 * (compile-sync.ts or compile-async.ts) and, for a new hook, harness/contract/adapter.ts and the
 * model; harness/show/python.ts; and the table in fixtures/FORMAT.md.
 */
import type { AnyOp, OpName } from './scenario.ts';

export type Where = 'sync' | 'async' | 'gen';

export interface OpSpec {
  /** sync: allowed in every body; async: only in async bodies; gen: only in generator bodies. */
  where: Where;
  /** Whether a successful execution records an observation (errors are recorded via try/end). */
  records: boolean;
  /** The features this operation instance needs. */
  features: (op: any) => string[];
  /** Fields that name slots, and the kind of slot each names; `binds` fields create one. */
  refs?: Record<string, SlotKind>;
  binds?: Record<string, SlotKind>;
  /** The Python versions where this operation instance exists (version-range syntax), when not every one:
   * the validator refuses a fixture whose `python` range allows a version outside it. */
  python?: (op: any) => string | undefined;
}

export type SlotKind = 'var' | 'token' | 'context' | 'task' | 'group' | 'event' | 'generator';

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const always = (...f: string[]) => () => f;

export const OPERATIONS: Record<OpName, OpSpec> = {
  var: { where: 'sync', records: false, features: (o) => has(o, 'default') ? ['vars', 'defaults'] : ['vars'], binds: { name: 'var' } },
  get: { where: 'sync', records: true, features: (o) => has(o, 'default') ? ['vars', 'defaults'] : ['vars'], refs: { var: 'var' } },
  set: { where: 'sync', records: false, features: always('vars', 'set'), refs: { var: 'var' }, binds: { token: 'token' } },
  reset: { where: 'sync', records: false, features: always('tokens'), refs: { var: 'var', token: 'token' } },
  token_var: { where: 'sync', records: true, features: always('tokens'), refs: { token: 'token' } },
  token_old_value: { where: 'sync', records: true, features: always('tokens'), refs: { token: 'token' } },
  copy_context: { where: 'sync', records: false, features: always('copy_context'), binds: { as: 'context' } },
  new_context: { where: 'sync', records: false, features: always('context_new'), binds: { as: 'context' } },
  ctx_copy: { where: 'sync', records: false, features: always('context_copy'), refs: { context: 'context' }, binds: { as: 'context' } },
  run: { where: 'sync', records: false, features: always('context_run'), refs: { context: 'context' } },
  ctx_getitem: { where: 'sync', records: true, features: always('mapping'), refs: { context: 'context', var: 'var' } },
  ctx_contains: { where: 'sync', records: true, features: always('mapping'), refs: { context: 'context', var: 'var' } },
  ctx_get: { where: 'sync', records: true, features: always('mapping'), refs: { context: 'context', var: 'var' } },
  ctx_len: { where: 'sync', records: true, features: always('mapping'), refs: { context: 'context' } },
  ctx_keys: { where: 'sync', records: true, features: always('mapping'), refs: { context: 'context' } },
  ctx_values: { where: 'sync', records: true, features: always('mapping'), refs: { context: 'context' } },
  ctx_items: { where: 'sync', records: true, features: always('mapping'), refs: { context: 'context' } },
  ctx_eq: { where: 'sync', records: true, features: always('context_eq'), refs: { left: 'context', right: 'context' } },
  raise: { where: 'sync', records: false, features: always('errors') },
  try: { where: 'sync', records: true, features: always('errors') },
  with_token: { where: 'sync', records: false, features: always('token_context_manager'), refs: { token: 'token' } },
  create_task: {
    where: 'sync', records: false,
    features: (o) => ['tasks', ...(has(o, 'context') ? ['task_context'] : []), ...(has(o, 'group') ? ['task_group'] : []), ...(has(o, 'detached') ? ['detached_tasks'] : [])],
    refs: { context: 'context', group: 'group' }, binds: { name: 'task' },
    python: (o) => has(o, 'context') || has(o, 'group') ? '>=3.11' : undefined,
  },
  call_soon: {
    where: 'sync', records: false,
    features: (o) => has(o, 'context') ? ['call_soon', 'call_soon_context'] : ['call_soon'],
    refs: { context: 'context' }, binds: { name: 'task' },
  },
  event_set: { where: 'sync', records: false, features: always('events'), binds: { event: 'event' } },
  thread: { where: 'sync', records: false, features: always('threads'), binds: { name: 'task' } },
  gen_create: { where: 'sync', records: false, features: always('generators'), binds: { name: 'generator' } },
  gen_next: { where: 'sync', records: false, features: always('generators'), refs: { generator: 'generator' } },
  yield: { where: 'gen', records: false, features: always('generators') },
  sleep: { where: 'async', records: false, features: always('sleep') },
  await_task: { where: 'async', records: false, features: always('tasks'), refs: { task: 'task' } },
  call: { where: 'async', records: false, features: always('direct_await') },
  gather: { where: 'async', records: false, features: always('gather') },
  task_group: { where: 'async', records: false, features: always('task_group'), binds: { name: 'group' }, python: () => '>=3.11' },
  event_wait: { where: 'async', records: false, features: always('events'), binds: { event: 'event' } },
  to_thread: { where: 'async', records: false, features: always('to_thread'), binds: { name: 'task' }, python: () => '>=3.9' },
  run_in_executor: { where: 'async', records: false, features: always('executor'), binds: { name: 'task' } },
  wait_for: { where: 'async', records: false, features: always('wait_for') },
  with_value: { where: 'sync', records: false, features: always('vars', 'scoped_values'), refs: { var: 'var' } },
  ctx_is: { where: 'sync', records: true, features: always('context_identity'), refs: { left: 'context', right: 'context' } },
  ctx_is_current: { where: 'sync', records: true, features: always('context_identity'), refs: { context: 'context' } },
  add_done_callback: { where: 'sync', records: false, features: always('done_callback'), refs: { task: 'task', context: 'context' }, binds: { name: 'task' } },
  task_get_context: { where: 'sync', records: false, features: always('task_get_context'), refs: { task: 'task' }, binds: { as: 'context' }, python: () => '>=3.12' },
  call_later: { where: 'sync', records: false, features: always('call_later'), refs: { context: 'context' }, binds: { name: 'task' } },
  eager_task_factory: { where: 'sync', records: false, features: always('eager_tasks'), python: () => '>=3.12' },
  set_exception_handler: { where: 'sync', records: false, features: always('exception_handler'), binds: { name: 'task' } },
  ctx_key: { where: 'sync', records: true, features: always('non_var_keys'), refs: { context: 'context' } },
  runner: { where: 'async', records: false, features: always('runner'), refs: { context: 'context' }, python: () => '>=3.11' },
};

/** The kind of body each operation holds; `inherit` takes the kind of the body it stands in. */
export const BODY_KIND: Partial<Record<OpName, Where | 'inherit'>> = {
  run: 'sync', thread: 'sync', call_soon: 'sync', to_thread: 'sync', run_in_executor: 'sync',
  add_done_callback: 'sync', call_later: 'sync', set_exception_handler: 'sync',
  gen_create: 'gen',
  create_task: 'async', call: 'async', task_group: 'async', wait_for: 'async', gather: 'async', runner: 'async',
  try: 'inherit', with_token: 'inherit', with_value: 'inherit',
};

/** Child bodies of an operation, with the JSON-pointer suffix of each. */
export function childBodies(op: AnyOp): { pointer: string; body: AnyOp[]; where: Where | 'inherit' }[] {
  const where = BODY_KIND[op.op];
  if (!where) return [];
  if (op.op === 'gather') return op.tasks.map((t, i) => ({ pointer: `/tasks/${i}/body`, body: t.body, where }));
  if (op.op === 'runner') return op.runs.map((t, i) => ({ pointer: `/runs/${i}/body`, body: t.body, where }));
  return [{ pointer: '/body', body: (op as { body: AnyOp[] }).body, where }];
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
  for (const { op } of walk(program)) for (const f of OPERATIONS[op.op].features(op)) out.add(f);
  return out;
}
