"""The command line: one scenario's pretty trace, the service, or the feature list."""
import sys

from . import event_loops
from .protocol import emit, features, record_file, serve
from .session import quiet_asyncio

USAGE = "usage: recorder.py [--loop asyncio|uvloop|eager|trio] --scenario fixtures/AREA/NAME.json | --serve | --features\n"


def main(argv):
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    quiet_asyncio()
    if len(argv) >= 2 and argv[0] == "--loop":
        reason = event_loops.select(argv[1])
        if reason is not None:
            sys.stderr.write("recorder.py: %s\n" % reason)
            return 2
        argv = argv[2:]
    if len(argv) == 1 and argv[0] == "--serve":
        serve()
        return 0
    if len(argv) == 2 and argv[0] == "--scenario":
        return record_file(argv[1])
    if len(argv) == 1 and argv[0] == "--features":
        emit(features())
        return 0
    sys.stderr.write(USAGE)
    return 2
