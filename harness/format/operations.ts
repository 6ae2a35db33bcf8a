/**
 * The operation table: one row per operation of the scenario format. The validator, the feature
 * check and the documentation read it, so adding an operation means adding a row here, a branch
 * in the schema, and its handling in the interpreter and the recorder.
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
  /** The adapter members (harness/contract/adapter.ts) the interpreter calls for this operation and
   * that the contract gives no default for: an adapter declaring the features of the operation's
   * plainest instance must have each (checked when it loads, harness/inprocess/adapter-check.ts). */
  members: readonly string[];
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
  var: { members: ['newVar'], where: 'sync', records: false, features: (o) => has(o, 'default') ? ['vars', 'defaults'] : ['vars'], binds: { name: 'var' } },
  get: { members: ['get'], where: 'sync', records: true, features: (o) => has(o, 'default') ? ['vars', 'defaults'] : ['vars'], refs: { var: 'var' } },
  set: { members: ['set'], where: 'sync', records: false, features: always('vars', 'set'), refs: { var: 'var' }, binds: { token: 'token' } },
  reset: { members: ['reset'], where: 'sync', records: false, features: always('tokens'), refs: { var: 'var', token: 'token' } },
  token_var: { members: ['tokenVar'], where: 'sync', records: true, features: always('tokens'), refs: { token: 'token' } },
  token_old_value: { members: ['tokenOldValue'], where: 'sync', records: true, features: always('tokens'), refs: { token: 'token' } },
  copy_context: { members: ['copyContext'], where: 'sync', records: false, features: always('copy_context'), binds: { as: 'context' } },
  new_context: { members: ['newContext'], where: 'sync', records: false, features: always('context_new'), binds: { as: 'context' } },
  ctx_copy: { members: ['contextCopy'], where: 'sync', records: false, features: always('context_copy'), refs: { context: 'context' }, binds: { as: 'context' } },
  run: { members: ['run'], where: 'sync', records: false, features: always('context_run'), refs: { context: 'context' } },
  ctx_getitem: { members: ['getItem'], where: 'sync', records: true, features: always('mapping'), refs: { context: 'context', var: 'var' } },
  ctx_contains: { members: ['contains'], where: 'sync', records: true, features: always('mapping'), refs: { context: 'context', var: 'var' } },
  ctx_get: { members: ['contextGet'], where: 'sync', records: true, features: always('mapping'), refs: { context: 'context', var: 'var' } },
  ctx_len: { members: ['size'], where: 'sync', records: true, features: always('mapping'), refs: { context: 'context' } },
  ctx_keys: { members: ['keys'], where: 'sync', records: true, features: always('mapping'), refs: { context: 'context' } },
  ctx_values: { members: ['values'], where: 'sync', records: true, features: always('mapping'), refs: { context: 'context' } },
  ctx_items: { members: ['items'], where: 'sync', records: true, features: always('mapping'), refs: { context: 'context' } },
  ctx_eq: { members: ['equals'], where: 'sync', records: true, features: always('context_eq'), refs: { left: 'context', right: 'context' } },
  raise: { members: [], where: 'sync', records: false, features: always('errors') },
  try: { members: [], where: 'sync', records: true, features: always('errors') },
  with_token: { members: ['tokenEnter', 'tokenExit'], where: 'sync', records: false, features: always('token_context_manager'), refs: { token: 'token' } },
  create_task: {
    members: ['spawn'], where: 'sync', records: false,
    features: (o) => ['tasks', ...(has(o, 'context') ? ['task_context'] : []), ...(has(o, 'group') ? ['task_group'] : []), ...(has(o, 'detached') ? ['detached_tasks'] : [])],
    refs: { context: 'context', group: 'group' }, binds: { name: 'task' },
    python: (o) => has(o, 'context') || has(o, 'group') ? '>=3.11' : undefined,
  },
  call_soon: {
    members: ['callSoon'], where: 'sync', records: false,
    features: (o) => has(o, 'context') ? ['call_soon', 'call_soon_context'] : ['call_soon'],
    refs: { context: 'context' }, binds: { name: 'task' },
  },
  event_set: { members: ['newEvent', 'setEvent'], where: 'sync', records: false, features: always('events'), binds: { event: 'event' } },
  thread: { members: ['thread'], where: 'sync', records: false, features: always('threads'), binds: { name: 'task' } },
  gen_create: { members: [], where: 'sync', records: false, features: always('generators'), binds: { name: 'generator' } },
  gen_next: { members: [], where: 'sync', records: false, features: always('generators'), refs: { generator: 'generator' } },
  yield: { members: [], where: 'gen', records: false, features: always('generators') },
  sleep: { members: ['yieldOnce'], where: 'async', records: false, features: always('sleep') },
  await_task: { members: ['awaitTask'], where: 'async', records: false, features: always('tasks'), refs: { task: 'task' } },
  call: { members: ['callCoroutine'], where: 'async', records: false, features: always('direct_await') },
  gather: { members: ['gather'], where: 'async', records: false, features: always('gather') },
  task_group: { members: ['taskGroup'], where: 'async', records: false, features: always('task_group'), binds: { name: 'group' }, python: () => '>=3.11' },
  event_wait: { members: ['newEvent', 'waitEvent'], where: 'async', records: false, features: always('events'), binds: { event: 'event' } },
  to_thread: { members: ['toThread'], where: 'async', records: false, features: always('to_thread'), binds: { name: 'task' }, python: () => '>=3.9' },
  run_in_executor: { members: ['runInExecutor'], where: 'async', records: false, features: always('executor'), binds: { name: 'task' } },
  wait_for: { members: ['waitFor'], where: 'async', records: false, features: always('wait_for') },
  with_value: { members: ['withValue'], where: 'sync', records: false, features: always('vars', 'scoped_values'), refs: { var: 'var' } },
  ctx_is: { members: [], where: 'sync', records: true, features: always('context_identity'), refs: { left: 'context', right: 'context' } },
  ctx_is_current: { members: ['isCurrentContext'], where: 'sync', records: true, features: always('context_identity'), refs: { context: 'context' } },
  add_done_callback: { members: ['addDoneCallback'], where: 'sync', records: false, features: always('done_callback'), refs: { task: 'task', context: 'context' }, binds: { name: 'task' } },
  task_get_context: { members: ['taskContext'], where: 'sync', records: false, features: always('task_get_context'), refs: { task: 'task' }, binds: { as: 'context' }, python: () => '>=3.12' },
  call_later: { members: ['callLater'], where: 'sync', records: false, features: always('call_later'), refs: { context: 'context' }, binds: { name: 'task' } },
  eager_task_factory: { members: ['setEagerTaskFactory'], where: 'sync', records: false, features: always('eager_tasks'), python: () => '>=3.12' },
  set_exception_handler: { members: ['setExceptionHandler'], where: 'sync', records: false, features: always('exception_handler'), binds: { name: 'task' } },
  ctx_key: { members: ['contextKeyLookup'], where: 'sync', records: true, features: always('non_var_keys'), refs: { context: 'context' } },
  runner: { members: ['runner'], where: 'async', records: false, features: always('runner'), refs: { context: 'context' }, python: () => '>=3.11' },
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
