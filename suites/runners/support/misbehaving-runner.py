#!/usr/bin/env python3
"""A pep567-runner/1 runner that misbehaves on purpose, for suites/faults/runner.spec.ts.

It serves scenarios with the real recorder, except those named in the FAULT_PLAN environment
variable (JSON: scenario id -> behaviour), where it does what the behaviour says. Every start is
appended to the file named by FAULT_STARTS, so the spec can count restarts.
"""
import json
import os
import subprocess
import sys
import time

# The recorder's package (reference/pep567_recorder/, next to recorder.py): its handshake, traces
# and request parsing are reused as they are. No __pycache__ in the checkout, as recorder.py.
sys.dont_write_bytecode = True
sys.path.insert(0, os.environ["RECORDER_DIR"])
from pep567_recorder import protocol, session  # noqa: E402

PLAN = json.loads(os.environ.get("FAULT_PLAN", "{}"))
out = sys.stdout.buffer


def write(data):
    out.write(data)
    out.flush()


def answer(obj):
    write(protocol.json_line(obj).encode("utf-8") + b"\n")


def behave(request_id, scenario, how):
    if how == "exit":
        os._exit(3)
    if how == "exit-leaving-child":
        # The child inherits stdout and keeps it open after this runner is gone.
        child = subprocess.Popen(["sleep", "3600"])
        with open(os.environ["FAULT_STARTS"] + ".children", "a") as f:
            f.write("%d\n" % child.pid)
        os._exit(3)
    if how == "garbage":
        write(b"this is not JSON at all\n")
    elif how == "partial-then-exit":
        write(b'{"format":"pep567-trace/1","scenar')
        os._exit(0)
    elif how == "partial-then-silence":
        write(b'{"format":"pep567-trace/1","scenar')
        time.sleep(3600)
    elif how == "oversized":
        write(b'{"junk":"' + b"x" * (17 * 1024 * 1024) + b'"}\n')
    elif how == "silence":
        time.sleep(3600)
    elif how == "wrong-id":
        trace, _ = protocol.trace_for("someone/else", scenario)
        answer(trace)
    elif how == "unknown-error-kind":
        answer({"id": request_id, "error": {"kind": "melted", "message": "no idea"}})
    elif how == "refuse":
        answer({"id": request_id, "error": {"kind": "scenario-error", "message": "refused on purpose", "pointer": "/program/0"}})
    elif how == "not-utf8":
        write(b"\xff\xfe\xfd\n")
    elif how == "answer-twice":
        trace, _ = protocol.trace_for(request_id, scenario)
        answer(trace)
        answer(trace)
    else:
        raise SystemExit("unknown behaviour " + how)


def main():
    with open(os.environ["FAULT_STARTS"], "a") as f:
        f.write("%d\n" % os.getpid())
    session.quiet_asyncio()
    answer(protocol.handshake())
    for raw in sys.stdin.buffer:
        if not raw.strip():
            continue
        request_id, scenario, refusal = protocol.read_request(raw.decode("utf-8"))
        if refusal is not None:
            answer(refusal)
            continue
        how = PLAN.get(request_id)
        if how:
            behave(request_id, scenario, how)
            continue
        trace, error = protocol.trace_for(request_id, scenario)
        answer(trace if error is None else {"id": request_id, "error": error})


if __name__ == "__main__":
    main()
