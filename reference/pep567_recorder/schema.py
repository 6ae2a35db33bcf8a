"""The static check of a scenario: refuse what the interpreter could not run, with a JSON pointer.

OPS is the recorder's operation table; a new operation is a new row here and a method in
contexts.py (synchronous) or tasks.py (asynchronous).
"""
import json

from .values import RAISABLE, ScenarioError


def _is_value(x):
    return x is None or isinstance(x, str) or (isinstance(x, int) and not isinstance(x, bool))


STR = ("a string", lambda x: isinstance(x, str))
VALUE = ("an integer, a string or null", _is_value)
KIND = ("one of " + ", ".join(sorted(RAISABLE)), lambda x: x in RAISABLE)
KINDS = ("a non-empty array of " + KIND[0], lambda x: isinstance(x, list) and len(x) > 0 and all(k in RAISABLE for k in x))
TRUE = ("true", lambda x: x is True)
VIA = ("one of contains, get, getitem", lambda x: x in ("getitem", "contains", "get"))

# op -> (where, required fields, optional fields, body field kind or None).
# where: "sync" in any body, "async" only in async bodies, "gen" only in generator bodies.
# Body kinds: "sync", "async", "gen", "inherit" (try/with_token/with_value take the enclosing kind).
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
    "try": ("sync", {}, {"catch": KINDS}, "inherit"),
    "with_token": ("sync", {"token": STR}, {}, "inherit"),
    "create_task": ("sync", {"name": STR}, {"context": STR, "group": STR, "detached": TRUE}, "async"),
    "call_soon": ("sync", {"name": STR}, {"context": STR}, "sync"),
    "event_set": ("sync", {"event": STR}, {}, None),
    "ctx_is": ("sync", {"left": STR, "right": STR}, {}, None),
    "ctx_is_current": ("sync", {"context": STR}, {}, None),
    "add_done_callback": ("sync", {"task": STR, "name": STR}, {"context": STR}, "sync"),
    "task_get_context": ("sync", {"task": STR, "as": STR}, {}, None),
    "call_later": ("sync", {"name": STR}, {"context": STR}, "sync"),
    "eager_task_factory": ("sync", {}, {}, None),
    "set_exception_handler": ("sync", {"name": STR}, {}, "sync"),
    "ctx_key": ("sync", {"context": STR, "key": VALUE, "via": VIA}, {}, None),
    "runner": ("async", {"runs": None}, {"context": STR}, None),
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
    "with_value": ("sync", {"var": STR, "value": VALUE}, {}, "inherit"),
}

# Fields that bind a name, and fields that refer to one, by namespace.
BINDS = {"var": {"name": "var"}, "set": {"token": "token"}, "copy_context": {"as": "context"},
         "new_context": {"as": "context"}, "ctx_copy": {"as": "context"},
         "create_task": {"name": "task"}, "call_soon": {"name": "task"}, "thread": {"name": "task"},
         "to_thread": {"name": "task"}, "run_in_executor": {"name": "task"},
         "gen_create": {"name": "generator"}, "task_group": {"name": "group"},
         "add_done_callback": {"name": "task"}, "task_get_context": {"as": "context"},
         "call_later": {"name": "task"}, "set_exception_handler": {"name": "task"}}
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
        "await_task": {"task": "task"}, "ctx_is": {"left": "context", "right": "context"},
        "ctx_is_current": {"context": "context"}, "add_done_callback": {"task": "task", "context": "context"},
        "task_get_context": {"task": "task"}, "call_later": {"context": "context"},
        "ctx_key": {"context": "context"}, "runner": {"context": "context"},
        "with_value": {"var": "var"}}
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
    if name in ("gather", "runner"):
        field = "tasks" if name == "gather" else "runs"
        tasks = op[field]
        if not isinstance(tasks, list):
            raise ScenarioError(p + "/" + field, "expected an array of {name, body}")
        for j, child in enumerate(tasks):
            cp = "%s/%s/%d" % (p, field, j)
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

