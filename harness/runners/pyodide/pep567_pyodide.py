"""The recorder's interpreter (reference/pep567_recorder/) behind pep567-runner/1 inside Pyodide.

serve.mjs loads this module next to the pep567_recorder package in Pyodide's file system and hands it one request
line at a time. Pyodide differs from a native CPython in two ways the traces must say: no threads
(their features are not offered), and a browser-style event loop (WebLoop) that runs call_soon
callbacks through setTimeout(0).
"""
import asyncio
import contextvars
import platform
import sys

from pep567_recorder import protocol, session

try:
    import pyodide
    PYODIDE_VERSION = pyodide.__version__
except (ImportError, AttributeError):
    PYODIDE_VERSION = "unknown"

# WebAssembly has no threads here: threading.Thread.start raises (asyncio.Runner runs in one).
# Pyodide's loop cannot run eager tasks: eager_task_factory fails with AttributeError: module
# 'asyncio.tasks' has no attribute '_set_task_name', and with context= the answer cannot even be
# converted (ConversionError), so the feature is not offered.
NOT_OFFERED = ("threads", "to_thread", "executor", "runner", "eager_tasks")

LOOP_NOTE = ("Recorded under Pyodide %s (CPython %s in WebAssembly). Its event loop runs call_soon "
             "callbacks as setTimeout(0), so they interleave with task steps differently from "
             "CPython's loop: this trace is a reference only for scenarios whose outcome does not "
             "depend on callback order." % (PYODIDE_VERSION, platform.python_version()))
CALL_SOON_NOTE = ("This scenario uses call_soon: its observations follow Pyodide's callback order, "
                  "which need not be CPython's; do not use this trace as a reference for that order.")
NO_CALL_SOON_NOTE = "This scenario uses no call_soon: callback order does not affect it."


def implementation():
    return {"name": "pyodide", "version": platform.python_version(),
            "build": "Pyodide %s; %s" % (PYODIDE_VERSION, sys.version)}


def features():
    return [f for f in session.features() if f not in NOT_OFFERED]


def handshake():
    return dump(protocol.handshake(implementation(), features()))


dump = protocol.json_line


def uses(body, name):
    """Whether an operation named `name` appears anywhere in a body (bodies, gather children)."""
    for op in body if isinstance(body, list) else []:
        if not isinstance(op, dict):
            continue
        if op.get("op") == name or uses(op.get("body"), name):
            return True
        for child in op.get("tasks") or []:
            if isinstance(child, dict) and uses(child.get("body"), name):
                return True
    return False


def parse(line):
    """(id, scenario) or an error answer."""
    request_id, scenario, refusal = protocol.read_request(line)
    if refusal is not None:
        return None, refusal
    needed = scenario.get("features", []) if isinstance(scenario, dict) else []
    lacking = [f for f in needed if f in NOT_OFFERED]
    if lacking:
        return None, {"id": request_id, "error": {"kind": "scenario-error",
                                                  "message": "Pyodide has no threads (nor eager tasks): cannot run %s" % ", ".join(lacking)}}
    return (request_id, scenario), None


def finish(request_id, scenario, observations, error):
    if error is not None:
        return dump({"id": request_id, "error": error})
    program = scenario.get("program")
    notes = [LOOP_NOTE, CALL_SOON_NOTE if uses(program, "call_soon") else NO_CALL_SOON_NOTE]
    return dump(protocol.make_trace(request_id, scenario, observations, implementation(), notes))


def answer(line):
    """With stack switching (JSPI): the recorder's own asyncio.run, exactly as natively."""
    try:
        parsed, refusal = parse(line)
        if refusal is not None:
            return dump(refusal)
        request_id, scenario = parsed
        observations, error = session.run_scenario(scenario)
        return finish(request_id, scenario, observations, error)
    except Exception as e:  # a bug here must not end the service
        return dump({"id": None, "error": {"kind": "crash", "message": "%s: %s" % (type(e).__name__, e)}})


async def answer_async(line):
    """Without stack switching asyncio.run cannot block: the main task runs on Pyodide's own loop,
    still in a fresh empty Context, and the recorder's bookkeeping is otherwise the same."""
    try:
        parsed, refusal = parse(line)
        if refusal is not None:
            return dump(refusal)
        request_id, scenario = parsed
        run, error = session.prepare(scenario)
        if run is None:
            return finish(request_id, scenario, None, error)
        escaped = None
        try:
            await asyncio.get_running_loop().create_task(run.main(), context=contextvars.Context())
        except BaseException as e:
            escaped = e
        observations, error = session.outcome(run, escaped)
        return finish(request_id, scenario, observations, error)
    except Exception as e:
        return dump({"id": None, "error": {"kind": "crash", "message": "%s: %s" % (type(e).__name__, e)}})
