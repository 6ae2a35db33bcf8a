"""The static check of a scenario: refuse what the interpreter could not run, with a JSON pointer.

The operation table is fixtures/schema/operations.json (one row per operation, shared with the
harness, which generates the JSON Schema from it); a new operation is a row there and a method in
contexts.py (variables, tokens and contexts) or tasks.py (the loop, tasks and what awaits): sync_NAME
or async_NAME, by the row's `where` (harness/format/operations.ts lists the other files it needs).
"""
import json
import os

from .values import ScenarioError

# The table sits at the same place relative to this package in a checkout, in the npm package and in
# the Pyodide file system (harness/runners/pyodide/serve.mjs writes it there).
TABLE_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir,
                          "fixtures", "schema", "operations.json")


def _load_table():
    with open(TABLE_FILE, encoding="utf-8") as f:
        return json.load(f)


TABLE = _load_table()


def _is_value(x):
    return x is None or isinstance(x, str) or (isinstance(x, int) and not isinstance(x, bool))


def _one_of(values):
    return ("one of " + ", ".join(sorted(values)), lambda x: x in values)


def _field_check(schema):
    """(what is expected, predicate) for a field type's JSON Schema fragment: the checks the
    interpreter needs (a name is any string here; the harness's schema is stricter)."""
    if schema.get("$ref") == "#/$defs/value":
        return ("an integer, a string or null", _is_value)
    if "enum" in schema:
        return _one_of(tuple(schema["enum"]))
    if schema.get("const") is True:
        return ("true", lambda x: x is True)
    if schema.get("type") == "string":
        return ("a string", lambda x: isinstance(x, str))
    if schema.get("type") == "array" and "enum" in schema.get("items", {}):
        what, ok = _one_of(tuple(schema["items"]["enum"]))
        return ("a non-empty array of " + what, lambda x: isinstance(x, list) and len(x) > 0 and all(ok(k) for k in x))
    raise ValueError("%s: no check for field type %s" % (TABLE_FILE, json.dumps(schema)))


CHECKS = dict((name, _field_check(t["schema"])) for name, t in TABLE["fieldTypes"].items())
# Body field types and the kind of body each holds; "enclosing" takes the kind of the body it stands in.
BODIES = {"sync-body": "sync", "async-body": "async", "generator-body": "gen", "enclosing-body": "inherit"}


def _row(row):
    """op -> (where, required fields, optional fields, body field or None, body kind or None,
    field of named {name, body} children or None)."""
    fields, optional = row.get("fields", {}), row.get("optional", {})
    body = [(f, BODIES[t]) for f, t in list(fields.items()) + list(optional.items()) if t in BODIES]
    children = [f for f, t in fields.items() if t == "children"]
    checks = lambda fs: dict((f, CHECKS[t]) for f, t in fs.items() if t in CHECKS)
    return (row["where"], checks(fields), checks(optional), body[0][0] if body else None,
            body[0][1] if body else None, children[0] if children else None)


def _admits(version, rng):
    """Whether a major.minor version tuple lies in a version range (">=3.11", ">=3.9,<3.12")."""
    import operator
    ops = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq, "!=": operator.ne}
    for part in (rng or "").split(","):
        part = part.strip()
        if part:
            op = part[:2] if part[:2] in ops else part[:1]
            if not ops[op](version, tuple(int(x) for x in part[len(op):].strip().split("."))):
                return False
    return True


def table_features(version):
    """The features the table's operations need that exist on this major.minor version, in table order,
    then the listed ones."""
    out = []
    for row in TABLE["operations"].values():
        named = [(f, row.get("python")) for f in row["features"]]
        named += [(f, row.get("pythonIf", {}).get(field, row.get("python")))
                  for field, fs in row.get("featuresIf", {}).items() for f in fs]
        out += [f for f, rng in named if f not in out and _admits(version, rng)]
    # A listed feature is implied by no operation (a Future's done state): every version has it.
    return out + [f for f, info in TABLE["features"].items() if info.get("listed") and f not in out]


OPS = dict((name, _row(row)) for name, row in TABLE["operations"].items())
# Fields that bind a name, and fields that refer to one, by namespace.
BINDS = dict((name, row["binds"]) for name, row in TABLE["operations"].items() if "binds" in row)
REFS = dict((name, row["refs"]) for name, row in TABLE["operations"].items() if "refs" in row)
SPACE_NAMES = TABLE["slotKinds"]
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
    where, required, optional, body_field, body_kind, children = OPS[name]
    if where not in ALLOWED[kind]:
        raise ScenarioError(p, "operation %s is not allowed in a %s body" % (name, kind))
    allowed = set(required) | set(optional) | {"op"} | set(f for f in (body_field, children) if f)
    for field in op:
        if field not in allowed:
            raise ScenarioError("%s/%s" % (p, field), "unexpected field %s in %s" % (field, name))
    for field, check in required.items():
        if field not in op:
            raise ScenarioError(p, "missing field %s of %s: expected %s" % (field, name, check[0]))
    if children and children not in op:
        raise ScenarioError(p, "missing field %s of %s: expected an array of {name, body}" % (children, name))
    for field, check in list(required.items()) + list(optional.items()):
        if field in op and not check[1](op[field]):
            raise ScenarioError("%s/%s" % (p, field), "expected %s" % check[0])
    for field, space in BINDS.get(name, {}).items():
        if field in op:
            bound[space].add(op[field])
    for field, space in REFS.get(name, {}).items():
        if field in op:
            refs.append((p + "/" + field, space, op[field]))
    if body_field:
        if body_field not in op:
            raise ScenarioError(p, "missing field %s of %s: expected an array of operations" % (body_field, name))
        _check_body(op[body_field], p + "/" + body_field, kind if body_kind == "inherit" else body_kind, bound, refs)
    if children:
        tasks = op[children]
        if not isinstance(tasks, list):
            raise ScenarioError(p + "/" + children, "expected an array of {name, body}")
        for j, child in enumerate(tasks):
            cp = "%s/%s/%d" % (p, children, j)
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
    bound = dict((k, set()) for k in SPACE_NAMES)
    refs = []
    _check_body(scenario["program"], "/program", "async", bound, refs)
    for pointer, space, name in refs:
        if name not in bound[space]:
            raise ScenarioError(pointer, "undefined %s %s: expected the name of one the scenario creates"
                                % (SPACE_NAMES[space], json.dumps(name)))

