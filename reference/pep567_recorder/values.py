"""Observed values and errors as the trace format encodes them (fixtures/FORMAT.md)."""
import asyncio
import contextvars
import re

ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
# Every kind the catalog names; `try` may list any of them to catch (isinstance: LookupError catches KeyError),
# a task's cancellation (an Exception on 3.7, a BaseException from 3.8) and an expired asyncio.timeout's
# TimeoutError (the builtin one, which asyncio's is from 3.11), which `raise` may not make.
RAISABLE = {"LookupError": LookupError, "KeyError": KeyError, "RuntimeError": RuntimeError,
            "ValueError": ValueError, "TypeError": TypeError, "AttributeError": AttributeError,
            "CancelledError": asyncio.CancelledError, "TimeoutError": TimeoutError}
# Errors no scenario operation can make CPython raise: seeing one means the recorder itself is wrong.
RECORDER_BUGS = (NameError, AssertionError, ImportError, RecursionError, IndexError)


class ScenarioError(Exception):
    """The scenario cannot be interpreted (unknown operation, undefined name, wrong field)."""

    def __init__(self, pointer, message):
        Exception.__init__(self, message)
        self.pointer = pointer
        self.message = message


def encode(x):
    if x is contextvars.Token.MISSING:
        return {"$missing": True}
    if isinstance(x, contextvars.ContextVar):
        return {"$var": x.name}
    if isinstance(x, (list, tuple)):
        return [encode(y) for y in x]
    return x


def describe(e):
    return {"kind": type(e).__name__, "message": ADDRESS.sub("0x\u2026", str(e))}


# Context iteration order follows object addresses: sort by the variables' names instead.
def by_name(ctx):
    return sorted(ctx.keys(), key=lambda v: v.name)


def sorted_items(items):
    return sorted(items, key=lambda kv: kv[0].name)
