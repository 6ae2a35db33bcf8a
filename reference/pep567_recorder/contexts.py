"""The synchronous operations: contextvars itself, try, with_token, generators and threads.

Each operation NAME is a method sync_NAME(op, pointer, path) of ContextOps; session.Run mixes it in.
`path` is the task path the observations go to.
"""
import contextvars
import json
import threading

from .values import RAISABLE, ScenarioError, by_name, encode, sorted_items

# The probe behind ctx_is_current: a value set in the current context is seen through a named
# context exactly when that context is the current one (the set is reset at once, leaving no key).
PROBE = contextvars.ContextVar("pep567-recorder-probe")


def catches(op):
    """What a `try` catches: the kinds it lists (others propagate), else every Exception."""
    if "catch" in op:
        return tuple(RAISABLE[k] for k in op["catch"])
    return Exception


class ContextOps(object):
    def sync_body(self, body, pointer, path):
        for i, op in enumerate(body):
            self.sync_op(op, "%s/%d" % (pointer, i), path)

    def sync_op(self, op, p, path):
        method = getattr(self, "sync_" + op["op"], None)
        if method is None:
            raise ScenarioError(p, "operation %s is not allowed in a synchronous body" % op["op"])
        method(op, p, path)

    def lookup(self, table, name, pointer, what):
        try:
            return table[name]
        except KeyError:
            raise self.refuse(pointer, "%s %s is not defined yet when this operation runs" % (what, json.dumps(name)))

    def ctx(self, op, field, p):
        return self.lookup(self.contexts, op[field], p, "context")

    def var(self, op, p):
        return self.lookup(self.vars, op["var"], p, "variable")

    def token(self, op, p):
        return self.lookup(self.tokens, op["token"], p, "token")

    # -- variables and tokens
    def sync_var(self, op, p, path):
        if "default" in op:
            self.vars[op["name"]] = contextvars.ContextVar(op["name"], default=op["default"])
        else:
            self.vars[op["name"]] = contextvars.ContextVar(op["name"])

    def sync_get(self, op, p, path):
        v = self.var(op, p)
        self.record(path, p, "get", encode(v.get(op["default"]) if "default" in op else v.get()))

    def sync_set(self, op, p, path):
        tok = self.var(op, p).set(op["value"])
        if "token" in op:
            self.tokens[op["token"]] = tok

    def sync_reset(self, op, p, path):
        self.var(op, p).reset(self.token(op, p))

    def sync_token_var(self, op, p, path):
        self.record(path, p, "token_var", encode(self.token(op, p).var))

    def sync_token_old_value(self, op, p, path):
        self.record(path, p, "token_old_value", encode(self.token(op, p).old_value))

    # -- contexts
    def sync_copy_context(self, op, p, path):
        self.contexts[op["as"]] = contextvars.copy_context()

    def sync_new_context(self, op, p, path):
        self.contexts[op["as"]] = contextvars.Context()

    def sync_ctx_copy(self, op, p, path):
        self.contexts[op["as"]] = self.ctx(op, "context", p).copy()

    def sync_run(self, op, p, path):
        self.ctx(op, "context", p).run(self.sync_body, op["body"], p + "/body", path)

    def sync_ctx_getitem(self, op, p, path):
        self.record(path, p, "ctx_getitem", encode(self.ctx(op, "context", p)[self.var(op, p)]))

    def sync_ctx_contains(self, op, p, path):
        self.record(path, p, "ctx_contains", self.var(op, p) in self.ctx(op, "context", p))

    def sync_ctx_get(self, op, p, path):
        ctx, v = self.ctx(op, "context", p), self.var(op, p)
        self.record(path, p, "ctx_get", encode(ctx.get(v, op["default"]) if "default" in op else ctx.get(v)))

    def sync_ctx_len(self, op, p, path):
        self.record(path, p, "ctx_len", len(self.ctx(op, "context", p)))

    def sync_ctx_keys(self, op, p, path):
        self.record(path, p, "ctx_keys", encode(by_name(self.ctx(op, "context", p))))

    def sync_ctx_values(self, op, p, path):
        # values() alone cannot be put in name order: pair them through items().
        items = self.ctx(op, "context", p).items()
        self.record(path, p, "ctx_values", encode([val for _, val in sorted_items(items)]))

    def sync_ctx_items(self, op, p, path):
        items = sorted_items(self.ctx(op, "context", p).items())
        self.record(path, p, "ctx_items", encode([[v, val] for v, val in items]))

    def sync_ctx_eq(self, op, p, path):
        self.record(path, p, "ctx_eq", self.ctx(op, "left", p) == self.ctx(op, "right", p))

    def sync_ctx_key(self, op, p, path):
        ctx, key, via = self.ctx(op, "context", p), op["key"], op["via"]
        if via == "getitem":
            value = encode(ctx[key])
        elif via == "contains":
            value = key in ctx
        else:
            value = encode(ctx.get(key))
        self.record(path, p, "ctx_key", value)

    def sync_ctx_is(self, op, p, path):
        self.record(path, p, "ctx_is", self.ctx(op, "left", p) is self.ctx(op, "right", p))

    def sync_ctx_is_current(self, op, p, path):
        ctx, marker = self.ctx(op, "context", p), object()
        tok = PROBE.set(marker)
        try:
            same = ctx.get(PROBE) is marker
        finally:
            PROBE.reset(tok)
        self.record(path, p, "ctx_is_current", same)

    # -- errors
    def sync_raise(self, op, p, path):
        raise RAISABLE[op["kind"]](op["message"])

    def sync_try(self, op, p, path):
        try:
            self.sync_body(op["body"], p + "/body", path)
        except catches(op) as e:
            self.caught(path, p, e)
        else:
            self.record(path, p, "try", None)

    def caught(self, path, p, e):
        if isinstance(e, ScenarioError) or self.timed_out:
            raise e  # neither a recorder refusal nor the guard is the program's own error
        self.record(path, p, "try", error=e)

    def sync_with_token(self, op, p, path):
        with self.token(op, p):
            self.sync_body(op["body"], p + "/body", path)

    def sync_with_value(self, op, p, path):
        # The scoped binding as CPython code writes it (format 1.2): set, body, reset in a finally.
        v = self.var(op, p)
        tok = v.set(op["value"])
        try:
            self.sync_body(op["body"], p + "/body", path)
        finally:
            v.reset(tok)

    # -- functions: defined in one task, called from another or from a callback
    def sync_fn_def(self, op, p, path):
        body, pointer = op["body"], p + "/body"

        def function(caller):
            # A plain function: it runs in its caller's context and observes for its caller.
            self.sync_body(body, pointer, caller)
        self.functions[op["name"]] = function

    def sync_fn_call(self, op, p, path):
        self.lookup(self.functions, op["function"], p, "function")(path)

    # -- generators
    def sync_gen_create(self, op, p, path):
        cell = [None]
        body, pointer = op["body"], p + "/body"
        run = self

        def generator():
            for step in run.gen_body(body, pointer, cell):
                yield step

        self.generators[op["name"]] = (generator(), cell)

    def sync_gen_next(self, op, p, path):
        gen, cell = self.lookup(self.generators, op["generator"], p, "generator")
        cell[0] = path  # a generator has no path: it observes for whoever resumes it
        next(gen, None)

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
                except catches(op) as e:
                    self.caught(cell[0], p, e)
                else:
                    self.record(cell[0], p, name, None)
            elif name == "with_token":
                with self.token(op, p):
                    for step in self.gen_body(op["body"], p + "/body", cell):
                        yield step
            else:
                self.sync_op(op, p, cell[0])

    # -- things that end: callbacks, threads, jobs
    def ended(self, path, step, body, run_body):
        """Run a synchronous body and record its end; returns the escaped error or None."""
        try:
            run_body(body, step + "/body", path)
        except Exception as e:
            self.record(path, step, "end", error=e)
            return e
        self.record(path, step, "end", None)
        return None

    def sync_thread(self, op, p, path):
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
