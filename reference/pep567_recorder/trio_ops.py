"""The operations trio has, mapped onto trio (the `trio` implementation row): a task is
nursery.start_soon in the main nursery or in a task_group's own nursery; sleep is trio.sleep(0);
events are trio.Event; to_thread is trio.to_thread.run_sync. Waiting for a task's end is a
trio.Event the task sets when it ends (glue: trio has no task handle to await, so no error comes
back through it). What trio has no counterpart for (call_soon, gather, executors, context=, the
loop's exception handler, ...) is not among FEATURES, so those scenarios are UNSUPPORTED.
A task's error is recorded in its `end` and goes no further: trio would cancel the whole nursery.
"""
import trio

from .session import Run
from .tasks import GUARD_SECONDS

FEATURES = ["vars", "set", "defaults", "tokens", "copy_context", "context_new", "context_copy", "context_run",
            "mapping", "context_eq", "errors", "tasks", "direct_await", "sleep", "events", "threads",
            "generators", "to_thread", "task_group", "context_identity"]


class TrioRun(Run):
    nursery = None
    Event = trio.Event  # event_set and event_wait are AsyncioOps' own, on this Event

    async def trio_task(self, body, step, path, done):
        try:
            await self.async_body(body, step + "/body", path)
        except trio.Cancelled as e:
            self.record(path, step, "end", error=e)
            raise
        except Exception as e:
            self.record(path, step, "end", error=e)
        else:
            self.record(path, step, "end", None)
        finally:
            done.set()

    def sync_create_task(self, op, p, path):
        nursery = self.lookup(self.groups, op["group"], p, "task group") if "group" in op else self.nursery
        done = trio.Event()
        nursery.start_soon(self.trio_task, op["body"], p, path + "/" + op["name"], done)
        self.tasks[op["name"]] = done

    async def async_sleep(self, op, p, path):
        await trio.sleep(0)

    async def async_await_task(self, op, p, path):
        done = self.lookup(self.tasks, op["task"], p, "task")
        if not isinstance(done, trio.Event):
            raise self.refuse(p, "%s is not a task: expected a create_task name" % op["task"])
        await done.wait()

    async def async_task_group(self, op, p, path):
        async with trio.open_nursery() as nursery:
            self.groups[op["name"]] = nursery
            await self.async_body(op["body"], p + "/body", path)

    async def async_to_thread(self, op, p, path):
        job = self.job(op, p, path)
        self.tasks[op["name"]] = job
        await trio.to_thread.run_sync(job)

    async def main(self):
        # The end of main: record it, then the nursery waits for every task (trio's own drain).
        with trio.move_on_after(GUARD_SECONDS) as guard:
            async with trio.open_nursery() as nursery:
                self.nursery = nursery
                try:
                    await self.async_body(self.program, "/program", "main")
                except Exception as e:
                    self.record("main", "/program", "end", error=e)
                else:
                    self.record("main", "/program", "end", None)
        if guard.cancelled_caught:
            self.timed_out = True


async def _await(coro):
    return await coro


def run(coro):
    return trio.run(_await, coro)
