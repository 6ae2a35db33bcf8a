"""Which event loop and task factory run a scenario: the one shared switch behind the recorder's
implementation rows. `asyncio` (the default) is asyncio.run on the standard loop; the others are
the same recorder with one thing swapped, never a copy of it."""
import asyncio

# name -> (what it is, a check that returns None when usable or the reason it is not)
LOOPS = {"asyncio": "asyncio.run on the standard event loop"}

selected = "asyncio"


def select(name):
    """Use loop `name` for every later scenario; returns None, or why it cannot be used."""
    global selected
    if name not in LOOPS:
        return "unknown loop %s: expected one of %s" % (name, ", ".join(sorted(LOOPS)))
    selected = name
    return None


def prepare_loop(loop):
    """Called first thing in the main task, on the running loop."""


def run(coro):
    """Run the main coroutine to its end (the caller has entered a fresh empty Context)."""
    return asyncio.run(coro)
