/**
 * A scenario written out as the Python program reference/recorder.py runs for it: one statement (or
 * block) per operation, the helpers of ./prelude.ts for what the recorder does around them. Run
 * with python3 it prints the observations the recorder records, one JSON object per line.
 *
 * The recorder's structure is kept where it shows: every body is a function taking the task path
 * it observes for (`path`), so a task named A made while running in P observes as P/A; a generator
 * has no path of its own and observes for whoever last called next() on it (`gen_caller[name]`).
 */
import type { AnyOp, GatherChild, Scenario, Value } from '../format/scenario.ts';
import { EPILOGUE, HELPERS, IMPORTS } from './prelude.ts';

/** One line of the program; `notes` name the observations it makes, for annotating it with a trace. */
export interface PyLine { indent: number; text: string; notes?: { step: string; op: string }[] }

type Mode = 'async' | 'sync' | 'gen';

/** A Python string literal (JSON's escapes are Python's), with the characters a terminal or the tokenizer would take for layout escaped too. */
export function pyString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function pyValue(v: Value): string {
  return v === null ? 'None' : typeof v === 'string' ? pyString(v) : String(v);
}

class Writer {
  readonly lines: PyLine[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  line(indent: number, text: string, notes?: PyLine['notes']): void {
    this.lines.push(notes ? { indent, text, notes } : { indent, text });
  }

  /** A fresh Python identifier for a body function: prefix plus the scenario name where it is one. */
  fn(prefix: string, name?: string): string {
    const base = name === undefined ? `${prefix}_${++this.counter}` : `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let id = base;
    for (let n = 2; this.names.has(id); n++) id = `${base}_${n}`;
    this.names.add(id);
    return id;
  }
}

const s = pyString;
const obs = (path: string, step: string, op: string, expr: string) => `observe(${path}, ${s(step)}, ${s(op)}, ${expr})`;

/** Whether a generator body yields itself (in try and with_token blocks too, which stay inline). */
function yields(ops: readonly AnyOp[]): boolean {
  return ops.some((o) => o.op === 'yield' || ((o.op === 'try' || o.op === 'with_token') && yields(o.body)));
}

/** A body at `pointer`: `path` is the Python expression of the task path it observes for. */
function body(w: Writer, ops: readonly AnyOp[], pointer: string, mode: Mode, path: string, indent: number): void {
  const before = w.lines.length;
  ops.forEach((op, i) => operation(w, op, `${pointer}/${i}`, mode, path, indent));
  if (w.lines.length === before) w.line(indent, 'pass');
}

/** A nested function for a body of another kind (a task, a callback, a run body), defined just before its use. */
function def(w: Writer, name: string, ops: readonly AnyOp[], pointer: string, mode: 'async' | 'sync', indent: number, notes?: PyLine['notes']): void {
  w.line(indent, `${mode === 'async' ? 'async ' : ''}def ${name}(path):`, notes);
  body(w, ops, pointer, mode, 'path', indent + 1);
}

function operation(w: Writer, op: AnyOp, p: string, mode: Mode, path: string, n: number): void {
  const note = [{ step: p, op: op.op }];
  const end = [{ step: p, op: 'end' }];
  const record = (expr: string) => w.line(n, obs(path, p, op.op, expr), note);
  switch (op.op) {
    case 'var': return w.line(n, `var[${s(op.name)}] = contextvars.ContextVar(${s(op.name)}${'default' in op ? `, default=${pyValue(op.default!)}` : ''})`);
    case 'get': return record(`var[${s(op.var)}].get(${'default' in op ? pyValue(op.default!) : ''})`);
    case 'set': return w.line(n, `${op.token !== undefined ? `token[${s(op.token)}] = ` : ''}var[${s(op.var)}].set(${pyValue(op.value)})`);
    case 'reset': return w.line(n, `var[${s(op.var)}].reset(token[${s(op.token)}])`);
    case 'token_var': return record(`token[${s(op.token)}].var`);
    case 'token_old_value': return record(`token[${s(op.token)}].old_value`);
    case 'copy_context': return w.line(n, `ctx[${s(op.as)}] = contextvars.copy_context()`);
    case 'new_context': return w.line(n, `ctx[${s(op.as)}] = contextvars.Context()`);
    case 'ctx_copy': return w.line(n, `ctx[${s(op.as)}] = ctx[${s(op.context)}].copy()`);
    case 'run': {
      const f = w.fn('run_body');
      def(w, f, op.body, `${p}/body`, 'sync', n);
      return w.line(n, `ctx[${s(op.context)}].run(${f}, ${path})`);
    }
    case 'ctx_getitem': return record(`ctx[${s(op.context)}][var[${s(op.var)}]]`);
    case 'ctx_contains': return record(`var[${s(op.var)}] in ctx[${s(op.context)}]`);
    case 'ctx_get': return record(`ctx[${s(op.context)}].get(var[${s(op.var)}]${'default' in op ? `, ${pyValue(op.default!)}` : ''})`);
    case 'ctx_len': return record(`len(ctx[${s(op.context)}])`);
    case 'ctx_keys': return record(`keys_by_name(ctx[${s(op.context)}])`);
    case 'ctx_values': return record(`values_by_name(ctx[${s(op.context)}])`);
    case 'ctx_items': return record(`items_by_name(ctx[${s(op.context)}])`);
    case 'ctx_eq': return record(`ctx[${s(op.left)}] == ctx[${s(op.right)}]`);
    case 'raise': return w.line(n, `raise ${op.kind}(${s(op.message)})`);
    case 'try': {
      // `catch: [kinds]` catches those (and their subclasses) only; the others propagate.
      const kinds = (op as { catch?: string[] }).catch;
      w.line(n, 'try:', note);
      body(w, op.body, `${p}/body`, mode, path, n + 1);
      const names = kinds?.map((k) => (k === 'CancelledError' ? 'asyncio.CancelledError' : k));
      w.line(n, `except ${names ? `(${names.join(', ')}${names.length === 1 ? ',' : ''})` : 'Exception'} as e:`);
      w.line(n + 1, `observe(${path}, ${s(p)}, "try", error=e)`);
      w.line(n, 'else:');
      w.line(n + 1, `observe(${path}, ${s(p)}, "try")`);
      return;
    }
    case 'with_token':
      w.line(n, `with token[${s(op.token)}]:`);
      return body(w, op.body, `${p}/body`, mode, path, n + 1);
    case 'with_value': {
      // The recorder's scoped binding: set, body, reset in a finally; a fresh name per scope, as scopes nest.
      const tok = w.fn('scope');
      w.line(n, `${tok} = var[${s(op.var)}].set(${pyValue(op.value)})`);
      w.line(n, 'try:');
      body(w, op.body, `${p}/body`, mode, path, n + 1);
      w.line(n, 'finally:');
      return w.line(n + 1, `var[${s(op.var)}].reset(${tok})`);
    }
    case 'create_task': {
      const f = w.fn('task', op.name);
      def(w, f, op.body, `${p}/body`, 'async', n);
      const extra = `${op.context !== undefined ? `, context=ctx[${s(op.context)}]` : ''}${op.group !== undefined ? `, group=group[${s(op.group)}]` : ''}`;
      // Detached: nobody keeps the task, not even this program.
      if ((op as { detached?: boolean }).detached) return w.line(n, `start_task(${path} + ${s(`/${op.name}`)}, ${s(p)}, ${f}${extra}, detached=True)`, end);
      return w.line(n, `task[${s(op.name)}] = start_task(${path} + ${s(`/${op.name}`)}, ${s(p)}, ${f}${extra})`, end);
    }
    case 'call_soon': {
      const f = w.fn('callback', op.name);
      def(w, f, op.body, `${p}/body`, 'sync', n);
      return w.line(n, `task[${s(op.name)}] = schedule(${path} + ${s(`/${op.name}`)}, ${s(p)}, ${f}${op.context !== undefined ? `, context=ctx[${s(op.context)}]` : ''})`, end);
    }
    case 'event_set': return w.line(n, `event(${s(op.event)}).set()`);
    case 'thread': {
      const f = w.fn('thread', op.name);
      def(w, f, op.body, `${p}/body`, 'sync', n);
      return w.line(n, `task[${s(op.name)}] = run_thread(${path} + ${s(`/${op.name}`)}, ${s(p)}, ${f})`, end);
    }
    case 'gen_create': {
      const f = w.fn('gen', op.name);
      w.line(n, `def ${f}():`);
      body(w, op.body, `${p}/body`, 'gen', `gen_caller[${s(op.name)}]`, n + 1);
      // Without a yield Python would make it a plain function, run at once: the recorder's never is.
      if (!yields(op.body)) { w.line(n + 1, 'return'); w.line(n + 1, 'yield  # makes this a generator function'); }
      return w.line(n, `gen[${s(op.name)}] = ${f}()`);
    }
    case 'gen_next':
      w.line(n, `gen_caller[${s(op.generator)}] = ${path}  # the generator observes for whoever resumes it`);
      return w.line(n, `next(gen[${s(op.generator)}], None)`);
    case 'yield': return w.line(n, 'yield');
    case 'sleep': return w.line(n, 'await asyncio.sleep(0)');
    case 'await_task':
      w.line(n, `awaited.add(task[${s(op.task)}])`);
      return w.line(n, `await task[${s(op.task)}]`);
    case 'call': {
      const f = w.fn('call');
      def(w, f, op.body, `${p}/body`, 'async', n);
      return w.line(n, `await ${f}(path)  # a directly awaited coroutine: same task, same context`);
    }
    case 'gather': {
      const names = op.tasks.map((c: GatherChild, j) => {
        const f = w.fn('task', c.name);
        def(w, f, c.body, `${p}/tasks/${j}/body`, 'async', n, [{ step: `${p}/tasks/${j}`, op: 'end' }]);
        return `(${s(c.name)}, ${f})`;
      });
      return w.line(n, `await gather(path, ${s(p)}, [${names.join(', ')}])`);
    }
    case 'task_group':
      w.line(n, 'async with asyncio.TaskGroup() as tg:');
      w.line(n + 1, `group[${s(op.name)}] = tg`);
      return body(w, op.body, `${p}/body`, 'async', path, n + 1);
    case 'event_wait': return w.line(n, `await event(${s(op.event)}).wait()`);
    case 'to_thread': case 'run_in_executor': {
      const f = w.fn('job', op.name);
      def(w, f, op.body, `${p}/body`, 'sync', n);
      w.line(n, `task[${s(op.name)}] = job(path + ${s(`/${op.name}`)}, ${s(p)}, ${f})`, end);
      return w.line(n, op.op === 'to_thread' ? `await asyncio.to_thread(task[${s(op.name)}])`
        : `await asyncio.get_running_loop().run_in_executor(executor(), task[${s(op.name)}])`);
    }
    case 'wait_for': {
      const f = w.fn('waited');
      def(w, f, op.body, `${p}/body`, 'async', n);
      return w.line(n, `await asyncio.wait_for(${f}(path), timeout=60)`);
    }
    case 'future_new': return w.line(n, `future[${s(op.name)}] = asyncio.get_running_loop().create_future()`);
    case 'future_resolve': return w.line(n, `future[${s(op.future)}].set_result(${pyValue(op.value)})`);
    case 'future_await': return record(`await future[${s(op.future)}]`);
    case 'fn_def': {
      // A plain function; `path` says whose observations its body makes: its caller's.
      const f = w.fn('function', op.name);
      def(w, f, op.body, `${p}/body`, 'sync', n);
      return w.line(n, `fn[${s(op.name)}] = ${f}`);
    }
    case 'fn_call': return w.line(n, `fn[${s(op.function)}](${path})`);
    case 'await_custom': {
      const f = w.fn('awaited_body');
      def(w, f, op.body, `${p}/body`, 'sync', n);
      return w.line(n, `await CustomAwaitable(${f}, ${path})  # __await__ runs the body, then yields once`);
    }
    case 'agen_create': {
      // An async generator observes, like a generator, for whoever steps or closes it (agen_caller).
      const f = w.fn('agen', op.name), caller = `agen_caller[${s(op.name)}]`;
      w.line(n, `async def ${f}():`);
      w.line(n + 1, 'try:');
      body(w, op.body, `${p}/body`, 'gen', caller, n + 2);
      if (!yields(op.body)) { w.line(n + 2, 'return'); w.line(n + 2, 'yield  # makes this an async generator function'); }
      w.line(n + 1, 'finally:');
      w.line(n + 2, op.finally === undefined ? 'pass' : `fn[${s(op.finally)}](${caller})`);
      return w.line(n, `agen[${s(op.name)}] = ${f}()`);
    }
    case 'agen_next':
      w.line(n, `agen_caller[${s(op.generator)}] = ${path}`);
      w.line(n, 'try:');
      w.line(n + 1, `await agen[${s(op.generator)}].__anext__()`);
      w.line(n, 'except StopAsyncIteration:');
      w.line(n + 1, obs(path, p, op.op, 'False'));
      w.line(n, 'else:');
      return w.line(n + 1, obs(path, p, op.op, 'True'));
    case 'agen_aclose':
      w.line(n, `agen_caller[${s(op.generator)}] = ${path}`);
      return w.line(n, `await agen[${s(op.generator)}].aclose()  # its finally runs here, in this task`);
    case 'agen_drop':
      w.line(n, `agen_caller[${s(op.generator)}] = ${path} + ${s(`/${op.name}`)}`);
      return w.line(n, `del agen[${s(op.generator)}]  # the last reference: the loop's finaliser hook closes it in a task of its own`);
    default: return newer(w, op as unknown as NewerOp, p, path, n);
  }
}

/** Operations of scenario format 1.2 (context identity, loop callbacks and handlers, Runner), read untyped until the format types name them. */
interface NewerOp { op: string; [field: string]: any }

function newer(w: Writer, op: NewerOp, p: string, path: string, n: number): void {
  const note = [{ step: p, op: op.op }];
  const end = [{ step: p, op: 'end' }];
  const ctxArg = op.context !== undefined ? `, context=ctx[${s(op.context)}]` : '';
  switch (op.op) {
    case 'ctx_is': return w.line(n, obs(path, p, op.op, `ctx[${s(op.left)}] is ctx[${s(op.right)}]`), note);
    case 'ctx_is_current': return w.line(n, obs(path, p, op.op, `is_current(ctx[${s(op.context)}])`), note);
    case 'ctx_key': {
      const c = `ctx[${s(op.context)}]`, key = pyValue(op.key);
      return w.line(n, obs(path, p, op.op, op.via === 'getitem' ? `${c}[${key}]` : op.via === 'contains' ? `${key} in ${c}` : `${c}.get(${key})`), note);
    }
    case 'task_get_context': return w.line(n, `ctx[${s(op.as)}] = task[${s(op.task)}].get_context()`);
    case 'cancel': return w.line(n, obs(path, p, op.op, `task[${s(op.task)}].cancel(${op.message !== undefined ? s(op.message) : ''})`), note);
    case 'cancelling': case 'uncancel': return w.line(n, obs(path, p, op.op, `task[${s(op.task)}].${op.op}()`), note);
    case 'timeout':
      w.line(n, `async with asyncio.timeout(${op.expire ? '0' : 'None'}):`);
      return body(w, op.body, `${p}/body`, 'async', path, n + 1);
    case 'eager_task_factory': return w.line(n, 'asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)');
    case 'call_later': {
      const f = w.fn('callback', op.name);
      def(w, f, op.body, `${p}/body`, 'sync', n);
      return w.line(n, `task[${s(op.name)}] = schedule(${path} + ${s(`/${op.name}`)}, ${s(p)}, ${f}${ctxArg}, later=True)`, end);
    }
    case 'add_done_callback': {
      const f = w.fn('done', op.name);
      def(w, f, op.body, `${p}/body`, 'sync', n);
      return w.line(n, `on_done(task[${s(op.task)}], ${path} + ${s(`/${op.name}`)}, ${s(p)}, ${f}${ctxArg})`, end);
    }
    case 'set_exception_handler': {
      const f = w.fn('handler', op.name);
      def(w, f, op.body, `${p}/body`, 'sync', n);
      return w.line(n, `exception_handler(${path} + ${s(`/${op.name}`)}, ${s(p)}, ${f})`, end);
    }
    case 'runner': {
      const runs = (op.runs as GatherChild[]).map((c, j) => {
        const f = w.fn('run', c.name);
        def(w, f, c.body, `${p}/runs/${j}/body`, 'async', n, [{ step: `${p}/runs/${j}`, op: 'end' }]);
        return `(${s(c.name)}, ${f})`;
      });
      return w.line(n, `await runner(path, ${s(p)}, [${runs.join(', ')}]${ctxArg})  # asyncio.Runner in a worker thread`);
    }
    default: throw new Error(`${p}: operation ${JSON.stringify(op.op)} cannot be written out as Python yet (harness/show/python.ts)`);
  }
}

/** One line of comment text: no line break or control character can end the comment early. */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The scenario's own lines: `async def program(path):` and its body, each line with the observations it makes. */
export function programLines(scenario: Scenario): PyLine[] {
  const w = new Writer();
  w.line(0, 'async def program(path):', [{ step: '/program', op: 'end' }]);
  body(w, scenario.program, '/program', 'async', 'path', 1);
  return w.lines;
}

export interface PythonOptions {
  /** A comment after a line, e.g. what the reference recorded there. */
  annotate?: (line: PyLine) => string | undefined;
}

/** The whole program as text: header, imports, the scenario, then the helpers and the recorder's end of main. */
export function scenarioToPython(id: string, scenario: Scenario, o: PythonOptions = {}): string {
  const header = [
    `# ${commentText(`${id}: ${scenario.title}`)}`,
    `# The program reference/recorder.py runs for fixtures/${commentText(id)}.json, written out by \`pep567 show\`.`,
    '# `python3 THIS_FILE` prints its observations, one JSON object per line (fixtures/FORMAT.md, "Trace").',
    ...(scenario.python ? [`# The behaviour holds for Python ${commentText(scenario.python)}.`] : []),
  ];
  const body = programLines(scenario).map((l) => {
    const note = o.annotate?.(l);
    return `${'    '.repeat(l.indent)}${l.text}${note ? `  # ${commentText(note)}` : ''}`;
  });
  return `${header.join('\n')}\n${IMPORTS}\n\n${body.join('\n')}\n${HELPERS}${EPILOGUE}`;
}
