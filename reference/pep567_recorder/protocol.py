"""Traces and the two ways to ask for them: the pep567-runner/1 service (harness/protocol/PROTOCOL.md)
and the one-file command."""
import hashlib
import json
import os
import platform
import sys

from . import event_loops
from .session import features, run_scenario

PROTOCOL = "pep567-runner/1"
TRACE_FORMAT = "pep567-trace/1"
RECORDER_VERSION = "1.0.0"


def canonical_hash(scenario):
    text = json.dumps(scenario, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def implementation():
    return event_loops.implementation({"name": platform.python_implementation().lower(),
                                 "version": platform.python_version(), "build": sys.version})


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

