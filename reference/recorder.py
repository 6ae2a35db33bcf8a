#!/usr/bin/env python3
"""Record what CPython's real contextvars and asyncio do for pep567-conformance scenarios.

Standard library only, and written for every CPython from 3.7 on (and PyPy): no walrus, no
match, no newer typing syntax. fixtures/FORMAT.md defines the scenario and trace formats.

  recorder.py --scenario fixtures/AREA/NAME.json   pretty trace of one scenario on stdout
  recorder.py --serve                              JSON lines: handshake, then one line per scenario
"""
import asyncio
import concurrent.futures
import contextvars
import hashlib
import json
import logging
import os
import platform
import re
import sys
import threading

PROTOCOL = "pep567-runner/1"
TRACE_FORMAT = "pep567-trace/1"
RECORDER_VERSION = "1.0.0"
GUARD_SECONDS = 10.0
EXECUTOR_NAME = "pep567-executor"
ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
RAISABLE = {"LookupError": LookupError, "RuntimeError": RuntimeError,
            "ValueError": ValueError, "TypeError": TypeError}
# Errors no scenario operation can make CPython raise: seeing one means the recorder itself is wrong.
RECORDER_BUGS = (NameError, AssertionError, ImportError, RecursionError, IndexError)


class ScenarioError(Exception):
    """The scenario cannot be interpreted (unknown operation, undefined name, wrong field)."""

    def __init__(self, pointer, message):
        Exception.__init__(self, message)
        self.pointer = pointer
        self.message = message


class GuardTimeout(Exception):
    pass


# ---------------------------------------------------------------- static check of a scenario

def _is_value(x):
    return x is None or isinstance(x, str) or (isinstance(x, int) and not isinstance(x, bool))


STR = ("a string", lambda x: isinstance(x, str))
VALUE = ("an integer, a string or null", _is_value)
KIND = ("one of " + ", ".join(sorted(RAISABLE)), lambda x: x in RAISABLE)

# op -> (where, required fields, optional fields, body field kind or None).
# where: "sync" in any body, "async" only in async bodies, "gen" only in generator bodies.
# Body kinds: "sync", "async", "gen", "inherit" (try/with_token take the enclosing kind).
OPS = {
    "var": ("sync", {"name": STR}, {"default": VALUE}, None),
    "get": ("sync", {"var": STR}, {"default": VALUE}, None),
    "set": ("sync", {"var": STR, "value": VALUE}, {"token": STR}, None),
    "reset": ("sync", {"var": STR, "token": STR}, {}, None),
    "token_var": ("sync", {"token": STR}, {}, None),
    "token_old_value": ("sync", {"token": STR}, {}, None),
    "copy_context": ("sync", {"as": STR}, {}, None),
    "new_context": ("sync", {"as": STR}, {}, None),
    "ctx_copy": ("sync", {"context": STR, "as": STR}, {}, None),
    "run": ("sync", {"context": STR}, {}, "sync"),
    "ctx_getitem": ("sync", {"context": STR, "var": STR}, {}, None),
    "ctx_contains": ("sync", {"context": STR, "var": STR}, {}, None),
    "ctx_get": ("sync", {"context": STR, "var": STR}, {"default": VALUE}, None),
    "ctx_len": ("sync", {"context": STR}, {}, None),
    "ctx_keys": ("sync", {"context": STR}, {}, None),
    "ctx_values": ("sync", {"context": STR}, {}, None),
    "ctx_items": ("sync", {"context": STR}, {}, None),
    "ctx_eq": ("sync", {"left": STR, "right": STR}, {}, None),
    "raise": ("sync", {"kind": KIND, "message": STR}, {}, None),
    "try": ("sync", {}, {}, "inherit"),
    "with_token": ("sync", {"token": STR}, {}, "inherit"),
    "create_task": ("sync", {"name": STR}, {"context": STR, "group": STR}, "async"),
    "call_soon": ("sync", {"name": STR}, {"context": STR}, "sync"),
    "event_set": ("sync", {"event": STR}, {}, None),
    "thread": ("sync", {"name": STR}, {}, "sync"),
    "gen_create": ("sync", {"name": STR}, {}, "gen"),
    "gen_next": ("sync", {"generator": STR}, {}, None),
    "yield": ("gen", {}, {}, None),
    "sleep": ("async", {}, {}, None),
    "await_task": ("async", {"task": STR}, {}, None),
    "call": ("async", {}, {}, "async"),
    "gather": ("async", {"tasks": None}, {}, None),
    "task_group": ("async", {"name": STR}, {}, "async"),
    "event_wait": ("async", {"event": STR}, {}, None),
    "to_thread": ("async", {"name": STR}, {}, "sync"),
    "run_in_executor": ("async", {"name": STR}, {}, "sync"),
    "wait_for": ("async", {}, {}, "async"),
}

# Fields that bind a name, and fields that refer to one, by namespace.
BINDS = {"var": {"name": "var"}, "set": {"token": "token"}, "copy_context": {"as": "context"},
         "new_context": {"as": "context"}, "ctx_copy": {"as": "context"},
         "create_task": {"name": "task"}, "call_soon": {"name": "task"}, "thread": {"name": "task"},
         "to_thread": {"name": "task"}, "run_in_executor": {"name": "task"},
         "gen_create": {"name": "generator"}, "task_group": {"name": "group"}}
REFS = {"get": {"var": "var"}, "set": {"var": "var"}, "reset": {"var": "var", "token": "token"},
        "token_var": {"token": "token"}, "token_old_value": {"token": "token"},
        "ctx_copy": {"context": "context"}, "run": {"context": "context"},
        "ctx_getitem": {"context": "context", "var": "var"},
        "ctx_contains": {"context": "context", "var": "var"},
        "ctx_get": {"context": "context", "var": "var"}, "ctx_len": {"context": "context"},
        "ctx_keys": {"context": "context"}, "ctx_values": {"context": "context"},
        "ctx_items": {"context": "context"}, "ctx_eq": {"left": "context", "right": "context"},
        "with_token": {"token": "token"}, "create_task": {"context": "context", "group": "group"},
        "call_soon": {"context": "context"}, "gen_next": {"generator": "generator"},
        "await_task": {"task": "task"}}
SPACE_NAMES = {"var": "variable", "token": "token", "context": "context", "task": "task",
               "group": "task group", "event": "event", "generator": "generator"}
ALLOWED = {"sync": ("sync",), "async": ("sync", "async"), "gen": ("sync", "gen")}


def _check_body(body, pointer, kind, bound, refs):
    if not isinstance(body, list):
        raise ScenarioError(pointer, "expected an array of operations")
    for i, op in enumerate(body):
        _check_op(op, "%s/%d" % (pointer, i), kind, bound, refs)


def _check_op(op, p, kind, bound, refs):
    if not isinstance(op, dict):
        raise ScenarioError(p, "expected an operation object")
    name = op.get("op")
    if name not in OPS:
        raise ScenarioError(p + "/op", "unknown operation %s: expected one of %s"
                            % (json.dumps(name), ", ".join(sorted(OPS))))
    where, required, optional, body_kind = OPS[name]
    if where not in ALLOWED[kind]:
        raise ScenarioError(p, "operation %s is not allowed in a %s body" % (name, kind))
    allowed = set(required) | set(optional) | {"op"} | ({"body"} if body_kind else set())
    for field in op:
        if field not in allowed:
            raise ScenarioError("%s/%s" % (p, field), "unexpected field %s in %s" % (field, name))
    for field, check in required.items():
        if field not in op:
            what = check[0] if check else "an array of {name, body}"
            raise ScenarioError(p, "missing field %s of %s: expected %s" % (field, name, what))
    for field, check in list(required.items()) + list(optional.items()):
        if check is not None and field in op and not check[1](op[field]):
            raise ScenarioError("%s/%s" % (p, field), "expected %s" % check[0])
    for field, space in BINDS.get(name, {}).items():
        if field in op:
            bound[space].add(op[field])
    for field, space in REFS.get(name, {}).items():
        if field in op:
            refs.append((p + "/" + field, space, op[field]))
    if name in ("event_set", "event_wait"):
        bound["event"].add(op["event"])
    if body_kind:
        if "body" not in op:
            raise ScenarioError(p, "missing field body of %s: expected an array of operations" % name)
        _check_body(op["body"], p + "/body", kind if body_kind == "inherit" else body_kind, bound, refs)
    if name == "gather":
        tasks = op["tasks"]
        if not isinstance(tasks, list):
            raise ScenarioError(p + "/tasks", "expected an array of {name, body}")
        for j, child in enumerate(tasks):
            cp = "%s/tasks/%d" % (p, j)
            if not isinstance(child, dict) or set(child) != {"name", "body"} or not isinstance(child["name"], str):
                raise ScenarioError(cp, "expected an object with exactly a string name and a body")
            bound["task"].add(child["name"])
            _check_body(child["body"], cp + "/body", "async", bound, refs)


def check_scenario(scenario):
    """Refuse what the interpreter could not run; raises ScenarioError with a JSON pointer."""
    if not isinstance(scenario, dict):
        raise ScenarioError("", "expected a scenario object")
    if "program" not in scenario:
        raise ScenarioError("", "missing field program: expected an array of operations")
    bound = dict((k, set()) for k in ("var", "token", "context", "task", "group", "event", "generator"))
    refs = []
    _check_body(scenario["program"], "/program", "async", bound, refs)
    for pointer, space, name in refs:
        if name not in bound[space]:
            raise ScenarioError(pointer, "undefined %s %s: expected the name of one the scenario creates"
                                % (SPACE_NAMES[space], json.dumps(name)))


# ---------------------------------------------------------------- values and errors

def encode(x):
    if x is contextvars.Token.MISSING:
        return {"$missing": True}
    if isinstance(x, contextvars.ContextVar):
        return {"$var": x.name}
    if isinstance(x, (list, tuple)):
        return [encode(y) for y in x]
    return x


def describe(e):
    return {"kind": type(e).__name__, "message": ADDRESS.sub("0x\u2026", str(e))}


# Context iteration order follows object addresses: sort by the variables' names instead.
def by_name(ctx):
    return sorted(ctx.keys(), key=lambda v: v.name)


def sorted_items(items):
    return sorted(items, key=lambda kv: kv[0].name)


# ---------------------------------------------------------------- the interpreter

class Run(object):
    """One scenario run: the name spaces, the observations and the bookkeeping for the end of main."""

    def __init__(self, program):
        self.program = program
        self.observations = []
        self.seq = {}
        self.lock = threading.Lock()
        self.vars, self.tokens, self.contexts = {}, {}, {}
        self.tasks, self.groups, self.events, self.generators = {}, {}, {}, {}
        self.spawned = []          # asyncio tasks in creation order, for the end of main
        self.awaited = set()
        self.pending_callbacks = 0
        self.pool = None
        self.fatal = None
        self.bug = None
        self.timed_out = False

    # -- recording
    def record(self, path, step, op, value=None, error=None):
        with self.lock:
            n = self.seq.get(path, 0)
            self.seq[path] = n + 1
            obs = {"task": path, "seq": n, "step": step, "op": op}
            if error is not None:
                if isinstance(error, RECORDER_BUGS) and self.bug is None:
                    self.bug = error
                obs["error"] = describe(error)
            else:
                obs["value"] = value
            self.observations.append(obs)

    def lookup(self, table, name, pointer, what):
        try:
            return table[name]
        except KeyError:
            raise self.refuse(pointer, "%s %s is not defined yet when this operation runs" % (what, json.dumps(name)))

    def event(self, name):
        ev = self.events.get(name)
        if ev is None:
            ev = asyncio.Event()  # first use is inside the running loop (3.7-3.9 bind it there)
            self.events[name] = ev
        return ev

    def executor(self):
        if self.pool is None:
            self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix=EXECUTOR_NAME)
        return self.pool

    # -- synchronous operations
    def sync_body(self, body, pointer, path):
        for i, op in enumerate(body):
            self.sync_op(op, "%s/%d" % (pointer, i), path)

    def sync_op(self, op, p, path):
        name = op["op"]
        if name == "var":
            if "default" in op:
                self.vars[op["name"]] = contextvars.ContextVar(op["name"], default=op["default"])
            else:
                self.vars[op["name"]] = contextvars.ContextVar(op["name"])
        elif name == "get":
            v = self.var(op, p)
            self.record(path, p, name, encode(v.get(op["default"]) if "default" in op else v.get()))
        elif name == "set":
            tok = self.var(op, p).set(op["value"])
            if "token" in op:
                self.tokens[op["token"]] = tok
        elif name == "reset":
            self.var(op, p).reset(self.lookup(self.tokens, op["token"], p, "token"))
        elif name == "token_var":
            self.record(path, p, name, encode(self.lookup(self.tokens, op["token"], p, "token").var))
        elif name == "token_old_value":
            self.record(path, p, name, encode(self.lookup(self.tokens, op["token"], p, "token").old_value))
        elif name == "copy_context":
            self.contexts[op["as"]] = contextvars.copy_context()
        elif name == "new_context":
            self.contexts[op["as"]] = contextvars.Context()
        elif name == "ctx_copy":
            self.contexts[op["as"]] = self.ctx(op, "context", p).copy()
        elif name == "run":
            self.ctx(op, "context", p).run(self.sync_body, op["body"], p + "/body", path)
        elif name == "ctx_getitem":
            self.record(path, p, name, encode(self.ctx(op, "context", p)[self.var(op, p)]))
        elif name == "ctx_contains":
            self.record(path, p, name, self.var(op, p) in self.ctx(op, "context", p))
        elif name == "ctx_get":
            ctx, v = self.ctx(op, "context", p), self.var(op, p)
            self.record(path, p, name, encode(ctx.get(v, op["default"]) if "default" in op else ctx.get(v)))
        elif name == "ctx_len":
            self.record(path, p, name, len(self.ctx(op, "context", p)))
        elif name == "ctx_keys":
            self.record(path, p, name, encode(by_name(self.ctx(op, "context", p))))
        elif name == "ctx_values":
            # values() alone cannot be put in name order: pair them through items().
            items = self.ctx(op, "context", p).items()
            self.record(path, p, name, encode([val for _, val in sorted_items(items)]))
        elif name == "ctx_items":
            self.record(path, p, name, encode([[v, val] for v, val in sorted_items(self.ctx(op, "context", p).items())]))
        elif name == "ctx_eq":
            self.record(path, p, name, self.ctx(op, "left", p) == self.ctx(op, "right", p))
        elif name == "raise":
            raise RAISABLE[op["kind"]](op["message"])
        elif name == "try":
            try:
                self.sync_body(op["body"], p + "/body", path)
            except Exception as e:
                self.caught(path, p, e)
            else:
                self.record(path, p, name, None)
        elif name == "with_token":
            with self.lookup(self.tokens, op["token"], p, "token"):
                self.sync_body(op["body"], p + "/body", path)
        elif name == "create_task":
            self.create_task(op, p, path)
        elif name == "call_soon":
            self.call_soon(op, p, path)
        elif name == "event_set":
            self.event(op["event"]).set()
        elif name == "thread":
            self.thread(op, p, path)
        elif name == "gen_create":
            self.gen_create(op, p)
        elif name == "gen_next":
            gen, cell = self.lookup(self.generators, op["generator"], p, "generator")
            cell[0] = path  # a generator has no path: it observes for whoever resumes it
            next(gen, None)
        else:
            raise ScenarioError(p, "operation %s is not allowed in a synchronous body" % name)

    def ctx(self, op, field, p):
        return self.lookup(self.contexts, op[field], p, "context")

    def var(self, op, p):
        return self.lookup(self.vars, op["var"], p, "variable")

    def caught(self, path, p, e):
        if isinstance(e, ScenarioError) or self.timed_out:
            raise e  # neither a recorder refusal nor the guard is the program's own error
        self.record(path, p, "try", error=e)

    # -- generators
    def gen_create(self, op, p):
        cell = [None]
        body, pointer = op["body"], p + "/body"
        run = self

        def generator():
            for step in run.gen_body(body, pointer, cell):
                yield step

        self.generators[op["name"]] = (generator(), cell)

    def gen_body(self, body, pointer, cell):
        for i, op in enumerate(body):
            p = "%s/%d" % (pointer, i)
            name = op["op"]
            if name == "yield":
                yield None
            elif name == "try":
                try:
                    for step in self.gen_body(op["body"], p + "/body", cell):
                        yield step
                except Exception as e:
                    self.caught(cell[0], p, e)
                else:
                    self.record(cell[0], p, name, None)
            elif name == "with_token":
                with self.lookup(self.tokens, op["token"], p, "token"):
                    for step in self.gen_body(op["body"], p + "/body", cell):
                        yield step
            else:
                self.sync_op(op, p, cell[0])

    # -- things that end: tasks, callbacks, threads, jobs
    def ended(self, path, step, body, run_body):
        """Run a synchronous body and record its end; returns the escaped error or None."""
        try:
            run_body(body, step + "/body", path)
        except Exception as e:
            self.record(path, step, "end", error=e)
            return e
        self.record(path, step, "end", None)
        return None

    async def task_main(self, body, step, path, body_pointer):
        try:
            await self.async_body(body, body_pointer, path)
        except BaseException as e:
            self.record(path, step, "end", error=e)
            raise
        self.record(path, step, "end", None)

    def create_task(self, op, p, path):
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
        self.tasks[op["name"]] = task
        self.spawned.append(task)

    def call_soon(self, op, p, path):
        child = path + "/" + op["name"]
        body = op["body"]

        def callback():
            try:
                self.ended(child, p, body, self.sync_body)
            finally:
                self.pending_callbacks -= 1

        kwargs = {}
        if "context" in op:
            kwargs["context"] = self.ctx(op, "context", p)
        self.pending_callbacks += 1
        self.tasks[op["name"]] = asyncio.get_running_loop().call_soon(callback, **kwargs)

    def thread(self, op, p, path):
        child = path + "/" + op["name"]
        t = threading.Thread(target=self.ended, args=(child, p, op["body"], self.sync_body))
        self.tasks[op["name"]] = t
        t.start()
        t.join()

    def job(self, op, p, path):
        """A function for to_thread/run_in_executor: records its end and lets the error escape."""
        child = path + "/" + op["name"]
        body = op["body"]

        def job():
            err = self.ended(child, p, body, self.sync_body)
            if err is not None:
                raise err
        return job

    # -- asynchronous operations
    async def async_body(self, body, pointer, path):
        for i, op in enumerate(body):
            p = "%s/%d" % (pointer, i)
            name = op["op"]
            if name == "sleep":
                await asyncio.sleep(0)
            elif name == "await_task":
                task = self.lookup(self.tasks, op["task"], p, "task")
                if not isinstance(task, asyncio.Future):
                    raise self.refuse(p, "%s is not a task: expected a create_task name" % op["task"])
                self.awaited.add(task)
                await task
            elif name == "call":
                await self.async_body(op["body"], p + "/body", path)
            elif name == "gather":
                loop = asyncio.get_running_loop()
                children = []
                for j, child in enumerate(op["tasks"]):
                    cp = "%s/tasks/%d" % (p, j)
                    task = loop.create_task(self.task_main(child["body"], cp, path + "/" + child["name"], cp + "/body"))
                    self.tasks[child["name"]] = task
                    self.spawned.append(task)
                    children.append(task)
                await asyncio.gather(*children)
            elif name == "task_group":
                async with asyncio.TaskGroup() as tg:
                    self.groups[op["name"]] = tg
                    await self.async_body(op["body"], p + "/body", path)
            elif name == "event_wait":
                await self.event(op["event"]).wait()
            elif name == "try":
                try:
                    await self.async_body(op["body"], p + "/body", path)
                except Exception as e:
                    self.caught(path, p, e)
                else:
                    self.record(path, p, name, None)
            elif name == "with_token":
                with self.lookup(self.tokens, op["token"], p, "token"):
                    await self.async_body(op["body"], p + "/body", path)
            elif name == "to_thread":
                job = self.job(op, p, path)
                self.tasks[op["name"]] = job
                await asyncio.to_thread(job)
            elif name == "run_in_executor":
                job = self.job(op, p, path)
                self.tasks[op["name"]] = job
                await asyncio.get_running_loop().run_in_executor(self.executor(), job)
            elif name == "wait_for":
                await asyncio.wait_for(self.async_body(op["body"], p + "/body", path), timeout=60)
            else:
                self.sync_op(op, p, path)

    def refuse(self, pointer, message):
        err = ScenarioError(pointer, message)
        if self.fatal is None:
            self.fatal = err
        return err

    async def main(self):
        loop = asyncio.get_running_loop()
        me = asyncio.current_task()
        guard = loop.call_later(GUARD_SECONDS, self.expire, loop, me)
        try:
            try:
                await self.async_body(self.program, "/program", "main")
            except BaseException as e:
                self.record("main", "/program", "end", error=e)
            else:
                self.record("main", "/program", "end", None)
            i = 0
            while i < len(self.spawned):  # tasks may spawn more tasks while we wait
                task = self.spawned[i]
                i += 1
                if task not in self.awaited:
                    try:
                        await task
                    except BaseException:
                        if self.timed_out:
                            raise
            while self.pending_callbacks > 0:
                await asyncio.sleep(0)
        finally:
            guard.cancel()

    def expire(self, loop, main_task):
        # Cancel everything, and keep cancelling: on 3.7 `try` could swallow a CancelledError.
        self.timed_out = True
        for task in asyncio.all_tasks(loop):
            task.cancel()
        loop.call_later(0.2, self.expire, loop, main_task)


def quiet_asyncio():
    # Errors the program leaves unretrieved are already in its observations; keep stderr clean.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)


def prepare(scenario):
    """(Run, None) for a well-formed scenario, else (None, error dict)."""
    try:
        check_scenario(scenario)
    except ScenarioError as e:
        return None, {"kind": "scenario-error", "message": e.message, "pointer": e.pointer}
    return Run(scenario["program"]), None


def outcome(run, escaped=None):
    """After run.main() finished (`escaped`: what escaped it): (observations, None) or (None, error dict)."""
    if escaped is not None and run.fatal is None and not run.timed_out:
        return None, {"kind": "crash", "message": "%s: %s" % (type(escaped).__name__, escaped)}
    if run.fatal is not None:
        return None, {"kind": "scenario-error", "message": run.fatal.message, "pointer": run.fatal.pointer}
    if run.bug is not None:
        return None, {"kind": "crash", "message": "recorder bug: %s: %s" % (type(run.bug).__name__, run.bug)}
    if run.timed_out:
        return None, {"kind": "timeout", "message": "the scenario did not finish within %g s" % GUARD_SECONDS}
    return run.observations, None


def run_scenario(scenario):
    """Run one scenario in a fresh empty Context; returns (observations, None) or (None, error dict)."""
    run, error = prepare(scenario)
    if error is not None:
        return None, error
    escaped = None
    try:
        contextvars.Context().run(asyncio.run, run.main())
    except BaseException as e:
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        escaped = e
    finally:
        if run.pool is not None:
            run.pool.shutdown(wait=True)
    return outcome(run, escaped)


# ---------------------------------------------------------------- traces and modes

def canonical_hash(scenario):
    text = json.dumps(scenario, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def implementation():
    return {"name": platform.python_implementation().lower(), "version": platform.python_version(),
            "build": sys.version}


def features():
    """The scenario features this interpreter can express (fixtures/features.json)."""
    out = ["vars", "set", "defaults", "tokens", "copy_context", "context_new", "context_copy", "context_run",
           "mapping", "context_eq", "errors", "tasks", "direct_await", "sleep", "gather", "call_soon",
           "call_soon_context", "events", "threads", "executor", "generators", "wait_for"]
    if sys.version_info >= (3, 11):
        out += ["task_context", "task_group"]
    if hasattr(asyncio, "to_thread"):
        out.append("to_thread")
    if hasattr(contextvars.Token, "__enter__"):
        out.append("token_context_manager")
    return out


def handshake(impl=None, feats=None):
    """The first line of --serve; a host embedding the recorder (Pyodide) names itself and its features."""
    return {"protocol": PROTOCOL, "implementation": impl or implementation(), "recorder": RECORDER_VERSION,
            "features": features() if feats is None else feats}


def make_trace(scenario_id, scenario, observations, impl=None, notes=None):
    trace = {"format": TRACE_FORMAT, "scenario": scenario_id, "scenarioHash": canonical_hash(scenario),
             "implementation": impl or implementation(), "recorder": RECORDER_VERSION}
    if notes is not None:
        trace["notes"] = notes
    trace["observations"] = observations
    return trace


def trace_for(scenario_id, scenario):
    observations, error = run_scenario(scenario)
    if error is not None:
        return None, error
    return make_trace(scenario_id, scenario, observations), None


def scenario_id_of(path):
    parts = os.path.abspath(path).replace(os.sep, "/").split("/")
    if "fixtures" in parts:
        i = len(parts) - 1 - parts[::-1].index("fixtures")
        rel = "/".join(parts[i + 1:])
    else:
        rel = parts[-1]
    return rel[:-5] if rel.endswith(".json") else rel


def json_line(obj):
    """One protocol line (without its newline): compact JSON, UTF-8 text as is."""
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be UTF-8: escape instead (still one line)
        text = json.dumps(obj, separators=(",", ":"))
    return text


def emit(obj):
    sys.stdout.write(json_line(obj) + "\n")
    sys.stdout.flush()


def read_request(text):
    """(id, scenario, None) for a request line, else (None, None, the error answer PROTOCOL.md gives)."""
    try:
        request = json.loads(text)
    except ValueError:
        request = None
    request_id = request.get("id") if isinstance(request, dict) else None
    if not isinstance(request_id, str) or "scenario" not in request:
        return None, None, {"id": request_id, "error": {"kind": "scenario-error",
                                                        "message": "expected {\"id\": string, \"scenario\": object}"}}
    return request_id, request["scenario"], None


def serve():
    emit(handshake())
    for raw in sys.stdin.buffer:
        if not raw.strip():
            continue
        request_id = None
        try:
            request_id, scenario, refusal = read_request(raw.decode("utf-8"))
            if refusal is not None:
                emit(refusal)
                continue
            trace, error = trace_for(request_id, scenario)
        except Exception as e:  # a recorder bug must not end the service
            emit({"id": request_id, "error": {"kind": "crash", "message": "%s: %s" % (type(e).__name__, e)}})
            continue
        emit(trace if error is None else {"id": request_id, "error": error})


def record_file(path):
    try:
        with open(path, "rb") as f:
            scenario = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as e:  # unreadable, not UTF-8, or not JSON
        sys.stderr.write("%s: cannot read a scenario: %s\n" % (path, e))
        return 1
    sid = scenario_id_of(path)
    trace, error = trace_for(sid, scenario)
    if error is not None:
        where = error.get("pointer")
        sys.stderr.write("%s (scenario %s): %s%s: %s\n" % (path, sid, error["kind"],
                                                          " at " + (where or "/") if where is not None else "",
                                                          error["message"]))
        return 1
    sys.stdout.write(json.dumps(trace, indent=2, ensure_ascii=False) + "\n")
    return 0


def main(argv):
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    quiet_asyncio()
    if len(argv) == 1 and argv[0] == "--serve":
        serve()
        return 0
    if len(argv) == 2 and argv[0] == "--scenario":
        return record_file(argv[1])
    if len(argv) == 1 and argv[0] == "--features":
        emit(features())
        return 0
    sys.stderr.write("usage: recorder.py --scenario fixtures/AREA/NAME.json | --serve\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
