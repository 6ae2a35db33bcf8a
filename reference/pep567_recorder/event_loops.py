"""Which event loop and task factory run a scenario: the one shared switch behind the recorder's
implementation rows (harness/runners/python-loops.ts). `asyncio` (the default) is asyncio.run on the
standard loop; the others are the same recorder with one thing swapped, never a copy of it:

  uvloop   asyncio.run under uvloop's event loop policy (its loop; asyncio's Task)
  eager    every loop's task factory is asyncio.eager_task_factory (3.12+)
  trio     trio.run, with the asynchronous operations trio has mapped onto trio (trio_ops.py)
"""
import asyncio
import platform
import sys

selected = "asyncio"


def _uvloop():
    import uvloop  # noqa: F401 (only Debian's python3 has it here)
    return uvloop


def _unavailable(name):
    """None when loop `name` can be used by this interpreter, else why not."""
    if name == "asyncio":
        return None
    if name == "uvloop":
        try:
            _uvloop()
        except ImportError as e:
            return "uvloop is not installed for %s (%s)" % (sys.executable, e)
        return None
    if name == "eager":
        if not hasattr(asyncio, "eager_task_factory"):
            return "asyncio.eager_task_factory needs Python 3.12+, this is %s" % platform.python_version()
        return None
    if name == "trio":
        try:
            import trio  # noqa: F401
        except ImportError as e:
            return "trio is not installed for %s (%s)" % (sys.executable, e)
        return None
    return "unknown loop %s: expected asyncio, uvloop, eager or trio" % name


def select(name):
    """Use loop `name` for every later scenario; returns None, or why it cannot be used."""
    global selected
    reason = _unavailable(name)
    if reason is None:
        selected = name
        if name == "uvloop":
            asyncio.set_event_loop_policy(_uvloop().EventLoopPolicy())
    return reason


def prepare_loop(loop):
    """Called first thing in the main task, on the running loop."""
    if selected == "eager":
        loop.set_task_factory(asyncio.eager_task_factory)


def run(coro):
    """Run the main coroutine to its end (the caller has entered a fresh empty Context)."""
    if selected == "trio":
        from .trio_ops import run as trio_run
        return trio_run(coro)
    return asyncio.run(coro)


def run_class(base):
    """The scenario interpreter for the selected loop: the recorder's own, or its trio mapping."""
    if selected == "trio":
        from .trio_ops import TrioRun
        return TrioRun
    return base


def implementation(base):
    """The handshake's implementation: the interpreter's, renamed for a swapped loop or factory."""
    if selected == "uvloop":
        return {"name": "uvloop", "version": _uvloop().__version__,
                "build": "uvloop %s on %s %s" % (_uvloop().__version__, base["name"], base["build"])}
    if selected == "eager":
        return {"name": "cpython-eager", "version": base["version"],
                "build": "eager_task_factory on " + base["build"]}
    if selected == "trio":
        import trio
        return {"name": "trio", "version": trio.__version__,
                "build": "trio %s on %s %s" % (trio.__version__, base["name"], base["build"])}
    return base
