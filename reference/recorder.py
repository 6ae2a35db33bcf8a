#!/usr/bin/env python3
"""Record what CPython's real contextvars and asyncio do for pep567-conformance scenarios.

The command entry of the pep567_recorder package next to this file (its __init__.py lists the
modules). Standard library only, for every CPython from 3.7 on (and PyPy); fixtures/FORMAT.md
defines the scenario and trace formats.

  recorder.py --scenario fixtures/AREA/NAME.json   pretty trace of one scenario on stdout
  recorder.py --serve                              JSON lines: handshake, then one line per scenario
  recorder.py --features                           the features this interpreter can express
"""
import os
import sys

# An installed package may be read-only, and stray __pycache__ folders are noise in a checkout.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pep567_recorder.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
