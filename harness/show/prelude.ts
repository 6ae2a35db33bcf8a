/**
 * The fixed parts of a program `pep567 show` prints: the imports before the scenario, the helpers
 * and the recorder's end of main after it. Each helper is the standalone form of one part of
 * reference/recorder.py (named in its comment), so a shown program observes what the recorder
 * observes. Standard library only, CPython 3.7 syntax (no walrus, no match).
 */

export const IMPORTS = String.raw`import asyncio
import concurrent.futures
import contextvars
import json
import logging
import re
import sys
import threading
`;

/** After the scenario: Python resolves these names when main() runs, so the scenario can come first. */
export const HELPERS = String.raw`

# ---------------------------------------------------------------- the recorder's helpers
# Every name a scenario makes lives in one namespace per kind, shared by all its bodies (FORMAT.md).
var, token, ctx, task, group, events, gen, gen_caller = {}, {}, {}, {}, {}, {}, {}, {}
future, fn, agen, agen_caller = {}, {}, {}, {}
observations, seq, lock = [], {}, threading.Lock()
spawned, awaited, pending_callbacks, pool, timed_out = [], set(), [0], [], [False]
handler_set = [False]  # a scenario exception handler: failing callbacks raise on to the loop
# The probe behind ctx_is_current: seen through a context exactly when that context is the current one.
PROBE = contextvars.ContextVar("pep567-recorder-probe")


def encode(x):
    """recorder.encode: Token.MISSING and variables as JSON objects."""
    if x is contextvars.Token.MISSING:
        return {"$missing": True}
    if isinstance(x, contextvars.ContextVar):
        return {"$var": x.name}
    if isinstance(x, (list, tuple)):
        return [encode(y) for y in x]
    return x


def observe(path, step, op, value=None, error=None):
    """recorder.Run.record: one observation, seq counted per task path."""
    with lock:
        n = seq.get(path, 0)
        seq[path] = n + 1
        o = {"task": path, "seq": n, "step": step, "op": op}
        if error is not None:
            o["error"] = {"kind": type(error).__name__, "message": re.sub(r"0x[0-9a-fA-F]+", "0x\u2026", str(error))}
        else:
            o["value"] = encode(value)
        observations.append(o)


def by_name(items):
    """Context iteration follows object addresses: the recorder sorts by variable name."""
    return sorted(items, key=lambda kv: kv[0].name)


def keys_by_name(c):
    return sorted(c.keys(), key=lambda v: v.name)


def values_by_name(c):
    return [val for _, val in by_name(c.items())]


def items_by_name(c):
    return [[v, val] for v, val in by_name(c.items())]


def is_current(c):
    marker = object()
    tok = PROBE.set(marker)
    try:
        return c.get(PROBE) is marker
    finally:
        PROBE.reset(tok)


class CustomAwaitable(object):
    """An awaitable that is not a coroutine: __await__ runs a body in the awaiting task, then yields once."""

    def __init__(self, body, path):
        self.body, self.path = body, path

    def __await__(self):
        self.body(self.path)
        yield  # a bare yield: the task gives up one loop iteration, as asyncio.sleep(0)


def event(name):
    """Events are made on first use, inside the running loop (3.7-3.9 bind them there)."""
    if name not in events:
        events[name] = asyncio.Event()
    return events[name]


def executor():
    """The scenario's one-worker pool for run_in_executor."""
    if not pool:
        pool.append(concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="pep567-executor"))
    return pool[0]


def ended(path, step, body):
    """recorder.Run.ended: run a synchronous body, record its end; return the error that escaped."""
    try:
        body(path)
    except Exception as e:
        observe(path, step, "end", error=e)
        return e
    observe(path, step, "end")
    return None


async def run_task(path, step, body):
    """recorder.Run.task_main: a task's body, then its end."""
    try:
        await body(path)
    except BaseException as e:
        observe(path, step, "end", error=e)
        raise
    observe(path, step, "end")


def start_task(path, step, body, context=None, group=None, detached=False):
    """create_task (or a task group's) with context= when given; a refused coroutine is closed.
    A detached task is kept by nobody: an error it ends with goes to the loop when it is freed."""
    coro = run_task(path, step, body)
    kwargs = {} if context is None else {"context": context}
    try:
        if group is not None:
            t = group.create_task(coro, **kwargs)
        else:
            t = asyncio.get_running_loop().create_task(coro, **kwargs)
    except BaseException:
        coro.close()
        raise
    if detached:
        return None
    spawned.append(t)
    return t


def callback(path, step, body):
    """A loop callback running a body as path; main waits for every one before it ends. With a
    scenario exception handler set, its error goes on to the loop (and so to the handler)."""
    def run(*_future):
        try:
            err = ended(path, step, body)
        finally:
            pending_callbacks[0] -= 1
        if err is not None and handler_set[0]:
            raise err
    pending_callbacks[0] += 1
    return run


def schedule(path, step, body, context=None, later=False):
    """loop.call_soon(callback[, context=]), or call_later(0, …)."""
    kwargs = {} if context is None else {"context": context}
    loop = asyncio.get_running_loop()
    if later:
        return loop.call_later(0, callback(path, step, body), **kwargs)
    return loop.call_soon(callback(path, step, body), **kwargs)


def on_done(t, path, step, body, context=None):
    """task.add_done_callback(callback[, context=])."""
    kwargs = {} if context is None else {"context": context}
    t.add_done_callback(callback(path, step, body), **kwargs)


def exception_handler(path, step, body):
    """loop.set_exception_handler(h): each call of h runs the body as path and records its end."""
    def handler(loop, context):
        ended(path, step, body)
    handler_set[0] = True
    asyncio.get_running_loop().set_exception_handler(handler)


def run_thread(path, step, body):
    """A thread started and joined at once."""
    t = threading.Thread(target=ended, args=(path, step, body))
    t.start()
    t.join()
    return t


def job(path, step, body):
    """A function for to_thread and run_in_executor: records its end and lets the error escape."""
    def run():
        err = ended(path, step, body)
        if err is not None:
            raise err
    return run


async def gather(path, step, children):
    """asyncio.gather over one task per child (name, body)."""
    loop = asyncio.get_running_loop()
    made = []
    for j, (name, body) in enumerate(children):
        t = loop.create_task(run_task(path + "/" + name, "%s/tasks/%d" % (step, j), body))
        task[name] = t
        spawned.append(t)
        made.append(t)
    await asyncio.gather(*made)


async def drain(start):
    """The end of main (and of a runner's run): await the tasks made since start and not yet
    awaited, in creation order, tasks made meanwhile included; then let the callbacks run."""
    i = start
    while i < len(spawned):
        t = spawned[i]
        i += 1
        if t not in awaited:
            try:
                await t
            except BaseException:
                if timed_out[0]:
                    raise
            awaited.add(t)
    while pending_callbacks[0] > 0:
        await asyncio.sleep(0)


async def run_main(path, step, body):
    """One runner.run(coro): its body, its end, then its own drain (its tasks live on its loop)."""
    start = len(spawned)
    await run_task(path, step, body)
    await drain(start)


async def runner(path, step, runs, context=None):
    """asyncio.Runner in a worker thread (started as to_thread does), one run() per (name, body)."""
    def thread_main():
        with asyncio.Runner() as r:
            for j, (name, body) in enumerate(runs):
                # context=None is the Runner's own context, copied once at its first run.
                r.run(run_main(path + "/" + name, "%s/runs/%d" % (step, j), body), context=context)
    await asyncio.to_thread(thread_main)
`;

export const EPILOGUE = String.raw`

# ---------------------------------------------------------------- the recorder's end of main
async def main():
    loop = asyncio.get_running_loop()
    guard = loop.call_later(10.0, expire, loop)
    try:
        try:
            await program("main")
        except BaseException as e:
            observe("main", "/program", "end", error=e)
        else:
            observe("main", "/program", "end")
        await drain(0)
    finally:
        guard.cancel()


def expire(loop):
    """The recorder gives up after 10 s: cancel everything, and keep cancelling."""
    timed_out[0] = True
    for t in asyncio.all_tasks(loop):
        t.cancel()
    loop.call_later(0.2, expire, loop)


def line(o):
    text = json.dumps(o, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: escape instead
        text = json.dumps(o)
    return text


if __name__ == "__main__":
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    try:
        contextvars.Context().run(asyncio.run, main())  # every scenario starts from an empty context
    finally:
        if pool:
            pool[0].shutdown(wait=True)
    for o in observations:
        print(line(o))
`;
