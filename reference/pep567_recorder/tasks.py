"""The asyncio mapping: tasks, callbacks, events, executors, and waiting for them at the end of main.

Each asynchronous operation NAME is a coroutine method async_NAME(op, pointer, path) of AsyncioOps;
an operation without one is synchronous (contexts.py). The loop itself is chosen by event_loops.py.
"""
import asyncio
import concurrent.futures

from . import event_loops
from .contexts import catches
from .values import encode

GUARD_SECONDS = 10.0
EXECUTOR_NAME = "pep567-executor"


class CustomAwaitable(object):
    """An awaitable that is not a coroutine: __await__ runs a body in the awaiting task, then yields once."""

    def __init__(self, run, body, pointer, path):
        self.run, self.body, self.pointer, self.path = run, body, pointer, path

    def __await__(self):
        self.run.sync_body(self.body, self.pointer, self.path)
        yield  # a bare yield: the task gives up one loop iteration, as asyncio.sleep(0)


class AsyncioOps(object):
    Event = asyncio.Event  # trio_ops.TrioRun: trio.Event

    def event(self, name):
        ev = self.events.get(name)
        if ev is None:
            ev = self.Event()  # first use is inside the running loop (3.7-3.9 bind it there)
            self.events[name] = ev
        return ev

    def executor(self):
        if self.pool is None:
            self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix=EXECUTOR_NAME)
        return self.pool

    async def async_body(self, body, pointer, path):
        for i, op in enumerate(body):
            p = "%s/%d" % (pointer, i)
            method = getattr(self, "async_" + op["op"], None)
            if method is None:
                self.sync_op(op, p, path)
            else:
                await method(op, p, path)

    async def task_main(self, body, step, path, body_pointer):
        try:
            await self.async_body(body, body_pointer, path)
        except BaseException as e:
            self.record(path, step, "end", error=e)
            raise
        self.record(path, step, "end", None)

    # -- synchronous operations that need the loop
    def sync_create_task(self, op, p, path):
        child = path + "/" + op["name"]
        coro = self.task_main(op["body"], p, child, p + "/body")
        kwargs = {}
        if "context" in op:
            kwargs["context"] = self.ctx(op, "context", p)
        try:
            if "group" in op:
                task = self.lookup(self.groups, op["group"], p, "task group").create_task(coro, **kwargs)
            else:
                task = asyncio.get_running_loop().create_task(coro, **kwargs)
        except BaseException:
            coro.close()  # refused (context= before 3.11, a closed group): never started, never warned
            raise
        if op.get("detached"):
            return  # nobody keeps it: an error it ends with goes to the loop's exception handler when it is freed
        self.tasks[op["name"]] = task
        self.spawned.append(task)

    def callback(self, op, p, path):
        """A loop callback running a sync body as path/NAME; with a scenario exception handler set,
        its error goes on to the loop (and so to the handler), else it ends there."""
        child = path + "/" + op["name"]
        body = op["body"]

        def callback(*_future):
            try:
                err = self.ended(child, p, body, self.sync_body)
            finally:
                self.pending_callbacks -= 1
            if err is not None and self.handler_set:
                raise err

        self.pending_callbacks += 1
        return callback

    def context_kwargs(self, op, p):
        return {"context": self.ctx(op, "context", p)} if "context" in op else {}

    def sync_call_soon(self, op, p, path):
        kwargs = self.context_kwargs(op, p)
        self.tasks[op["name"]] = asyncio.get_running_loop().call_soon(self.callback(op, p, path), **kwargs)

    def sync_call_later(self, op, p, path):
        kwargs = self.context_kwargs(op, p)
        self.tasks[op["name"]] = asyncio.get_running_loop().call_later(0, self.callback(op, p, path), **kwargs)

    def a_task(self, op, p):
        task = self.lookup(self.tasks, op["task"], p, "task")
        if not isinstance(task, asyncio.Future):
            raise self.refuse(p, "%s is not a task: expected a create_task or gather name" % op["task"])
        return task

    def sync_add_done_callback(self, op, p, path):
        kwargs = self.context_kwargs(op, p)
        task = self.a_task(op, p)
        task.add_done_callback(self.callback(op, p, path), **kwargs)

    def sync_cancel(self, op, p, path):
        task = self.a_task(op, p)
        self.record(path, p, "cancel", task.cancel(op["message"]) if "message" in op else task.cancel())

    def sync_cancelling(self, op, p, path):
        self.record(path, p, "cancelling", self.a_task(op, p).cancelling())

    def sync_uncancel(self, op, p, path):
        self.record(path, p, "uncancel", self.a_task(op, p).uncancel())

    def sync_task_get_context(self, op, p, path):
        self.contexts[op["as"]] = self.a_task(op, p).get_context()

    def sync_eager_task_factory(self, op, p, path):
        asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)

    def sync_set_exception_handler(self, op, p, path):
        child = path + "/" + op["name"]
        body = op["body"]

        def handler(loop, context):
            self.ended(child, p, body, self.sync_body)

        self.handler_set = True
        asyncio.get_running_loop().set_exception_handler(handler)

    def sync_event_set(self, op, p, path):
        self.event(op["event"]).set()

    # -- asynchronous operations
    def sync_future_new(self, op, p, path):
        self.futures[op["name"]] = asyncio.get_running_loop().create_future()

    def sync_future_resolve(self, op, p, path):
        self.lookup(self.futures, op["future"], p, "future").set_result(op["value"])

    async def async_future_await(self, op, p, path):
        value = await self.lookup(self.futures, op["future"], p, "future")
        self.record(path, p, "future_await", encode(value))

    async def async_await_custom(self, op, p, path):
        await CustomAwaitable(self, op["body"], p + "/body", path)

    # -- async generators: stepped from any task, closed by aclose() or by the loop's finaliser
    def sync_agen_create(self, op, p, path):
        cell = [None]  # who steps or closes it: its observations are theirs (it has no path of its own)
        run, body, pointer, final = self, op["body"], p + "/body", op.get("finally")
        if final is not None:
            self.lookup(self.functions, final, p + "/finally", "function")

        async def agen():
            steps = run.gen_body(body, pointer, cell)
            try:
                for _ in steps:
                    yield None
            finally:
                steps.close()  # GeneratorExit at the body's own yield, through its try and with_token
                if final is not None:
                    run.functions[final](cell[0])

        self.agens[op["name"]] = (agen(), cell)

    async def async_agen_next(self, op, p, path):
        agen, cell = self.lookup(self.agens, op["generator"], p, "async generator")
        cell[0] = path
        try:
            await agen.__anext__()
        except StopAsyncIteration:
            self.record(path, p, "agen_next", False)
        else:
            self.record(path, p, "agen_next", True)

    async def async_agen_aclose(self, op, p, path):
        agen, cell = self.lookup(self.agens, op["generator"], p, "async generator")
        cell[0] = path
        await agen.aclose()

    def sync_agen_drop(self, op, p, path):
        # The last reference goes: CPython's refcounting calls the loop's finaliser hook now, and
        # the loop closes an unfinished generator in a task of its own (call_soon_threadsafe(create_task, aclose())).
        self.lookup(self.agens, op["generator"], p, "async generator")
        agen, cell = self.agens.pop(op["generator"])
        cell[0] = path + "/" + op["name"]  # the finaliser's task observes under this name
        del agen

    async def async_sleep(self, op, p, path):
        await asyncio.sleep(0)

    async def async_await_task(self, op, p, path):
        task = self.lookup(self.tasks, op["task"], p, "task")
        if not isinstance(task, asyncio.Future):
            raise self.refuse(p, "%s is not a task: expected a create_task name" % op["task"])
        self.awaited.add(task)
        await task

    async def async_call(self, op, p, path):
        await self.async_body(op["body"], p + "/body", path)

    async def async_gather(self, op, p, path):
        loop = asyncio.get_running_loop()
        children = []
        for j, child in enumerate(op["tasks"]):
            cp = "%s/tasks/%d" % (p, j)
            task = loop.create_task(self.task_main(child["body"], cp, path + "/" + child["name"], cp + "/body"))
            self.tasks[child["name"]] = task
            self.spawned.append(task)
            children.append(task)
        await asyncio.gather(*children)

    async def async_task_group(self, op, p, path):
        async with asyncio.TaskGroup() as tg:
            self.groups[op["name"]] = tg
            await self.async_body(op["body"], p + "/body", path)

    async def async_timeout(self, op, p, path):
        async with asyncio.timeout(0 if op.get("expire") else None):
            await self.async_body(op["body"], p + "/body", path)

    async def async_event_wait(self, op, p, path):
        await self.event(op["event"]).wait()

    async def async_try(self, op, p, path):
        try:
            await self.async_body(op["body"], p + "/body", path)
        except catches(op) as e:
            self.caught(path, p, e)
        else:
            self.record(path, p, "try", None)

    async def async_with_token(self, op, p, path):
        with self.token(op, p):
            await self.async_body(op["body"], p + "/body", path)

    async def async_with_value(self, op, p, path):
        v = self.var(op, p)
        tok = v.set(op["value"])
        try:
            await self.async_body(op["body"], p + "/body", path)
        finally:
            v.reset(tok)

    async def async_to_thread(self, op, p, path):
        job = self.job(op, p, path)
        self.tasks[op["name"]] = job
        await asyncio.to_thread(job)

    async def async_run_in_executor(self, op, p, path):
        job = self.job(op, p, path)
        self.tasks[op["name"]] = job
        await asyncio.get_running_loop().run_in_executor(self.executor(), job)

    async def async_wait_for(self, op, p, path):
        await asyncio.wait_for(self.async_body(op["body"], p + "/body", path), timeout=60)

    # -- the main task
    async def main(self):
        loop = asyncio.get_running_loop()
        self.loop = loop
        event_loops.prepare_loop(loop)
        me = asyncio.current_task()
        guard = loop.call_later(GUARD_SECONDS, self.expire, loop, me)
        try:
            try:
                await self.async_body(self.program, "/program", "main")
            except BaseException as e:
                self.record("main", "/program", "end", error=e)
            else:
                self.record("main", "/program", "end", None)
            await self.drain(0)
        finally:
            guard.cancel()

    async def drain(self, start):
        """The end of main (and of a runner's run): await the tasks made since `start` and not yet
        awaited, in creation order, tasks made meanwhile included; then let the callbacks run."""
        i = start
        while i < len(self.spawned):  # tasks may spawn more tasks while we wait
            task = self.spawned[i]
            i += 1
            if task not in self.awaited:
                try:
                    await task
                except BaseException:
                    if self.timed_out:
                        raise
                self.awaited.add(task)
        while self.pending_callbacks > 0:
            await asyncio.sleep(0)

    async def run_main(self, body, step, path):
        """One runner.run(coro): like main, its end, then its own drain (its tasks live on its loop)."""
        start = len(self.spawned)
        await self.task_main(body, step, path, step + "/body")
        await self.drain(start)

    async def async_runner(self, op, p, path):
        # A second event loop cannot run in this thread while ours does: the Runner runs in a
        # worker thread, started as to_thread does (in a copy of this task's context).
        context = self.ctx(op, "context", p) if "context" in op else None
        runs = op["runs"]

        def thread_main():
            with asyncio.Runner() as runner:
                for j, child in enumerate(runs):
                    cp = "%s/runs/%d" % (p, j)
                    # context=None is the Runner's own context, copied once at its first run.
                    runner.run(self.run_main(child["body"], cp, path + "/" + child["name"]), context=context)

        await asyncio.to_thread(thread_main)

    def stop_loop(self):
        """From the watchdog thread: the run is past its guard, so stop its loop where it waits."""
        loop = getattr(self, "loop", None)
        if loop is None or loop.is_closed():
            return
        self.timed_out = True
        try:
            loop.call_soon_threadsafe(loop.stop)
        except RuntimeError:
            pass  # closed meanwhile: the run ended on its own

    def expire(self, loop, main_task):
        # Cancel everything, and keep cancelling: on 3.7 `try` could swallow a CancelledError.
        self.timed_out = True
        for task in asyncio.all_tasks(loop):
            task.cancel()
        loop.call_later(0.2, self.expire, loop, main_task)
