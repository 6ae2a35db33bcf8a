"""The recorder as a package: what CPython's real contextvars and asyncio do for pep567-conformance
scenarios (fixtures/FORMAT.md), standard library only, for every CPython from 3.7 on (and PyPy):
no walrus, no match, no newer typing syntax.

  values.py     encoding observed values and errors; the kinds a scenario may raise
  schema.py     the static check of a scenario, from the operation table (fixtures/schema/operations.json)
  contexts.py   the synchronous operations: contextvars, try, generators, threads
  tasks.py      the asyncio mapping: tasks, callbacks, events, executors, the end of main
  session.py    one scenario run: bookkeeping, outcome, the features this interpreter offers
  event_loops.py which event loop and task factory run the scenario (asyncio, uvloop, eager)
  protocol.py   traces, the pep567-runner/1 service and the one-file command
"""
