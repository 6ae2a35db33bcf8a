"""One scenario run: its name spaces, observations and bookkeeping; how it ended; the features
this interpreter can express."""
import asyncio
import contextvars
import logging
import sys
import threading

from . import event_loops
from .contexts import ContextOps
from .schema import check_scenario, table_features
from .tasks import GUARD_SECONDS, AsyncioOps
from .values import RECORDER_BUGS, ScenarioError, describe


class Run(ContextOps, AsyncioOps):
    """One scenario run: the name spaces, the observations and the bookkeeping for the end of main."""

    def __init__(self, program):
        self.program = program
        self.observations = []
        self.seq = {}
        self.lock = threading.Lock()
        self.vars, self.tokens, self.contexts = {}, {}, {}
        self.tasks, self.groups, self.events, self.generators = {}, {}, {}, {}
        self.futures, self.functions, self.agens = {}, {}, {}
        self.spawned = []          # asyncio tasks in creation order, for the end of main
        self.awaited = set()
        self.pending_callbacks = 0
        self.handler_set = False   # a scenario exception handler: failing callbacks raise on to the loop
        self.pool = None
        self.fatal = None
        self.bug = None
        self.timed_out = False

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

    def refuse(self, pointer, message):
        err = ScenarioError(pointer, message)
        if self.fatal is None:
            self.fatal = err
        return err


def quiet_asyncio():
    # Errors the program leaves unretrieved are already in its observations; keep stderr clean.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)


def prepare(scenario):
    """(Run, None) for a well-formed scenario, else (None, error dict)."""
    try:
        check_scenario(scenario)
    except ScenarioError as e:
        return None, {"kind": "scenario-error", "message": e.message, "pointer": e.pointer}
    return event_loops.run_class(Run)(scenario["program"]), None


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
    # The guard inside main ends only main; asyncio.run's own clean-up (cancelling what is left)
    # can still wait forever on a task that never steps again. Stop the loop from outside then.
    watchdog = threading.Timer(GUARD_SECONDS + 2, run.stop_loop)
    watchdog.daemon = True
    try:
        watchdog.start()
    except RuntimeError:
        pass  # no threads (Pyodide): the guard inside main is all there is
    try:
        contextvars.Context().run(event_loops.run, run.main())
    except BaseException as e:
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        escaped = e
    finally:
        watchdog.cancel()
        if run.pool is not None:
            run.pool.shutdown(wait=True)
    return outcome(run, escaped)


def features():
    """The scenario features this interpreter (and the selected loop) can express (fixtures/features.json)."""
    if event_loops.selected == "trio":
        from .trio_ops import FEATURES
        return list(FEATURES)
    out = table_features(sys.version_info[:2])
    if not hasattr(contextvars.Token, "__enter__"):
        # with_token exists as an operation everywhere (before 3.14 it records the error), the feature from 3.14.
        out.remove("token_context_manager")
    return out
