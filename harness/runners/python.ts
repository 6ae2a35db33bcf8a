/**
 * `python:PATH`: any Python interpreter (CPython, PyPy, …) as an implementation under test, running
 * reference/recorder.py --serve. PATH is a path or a command on PATH. Its version picks the CPython
 * reference of the same version (PyPy 3.9 against cpython-3.9.*).
 */
import { execFile } from 'node:child_process';
import { UsageError } from '../primitives/usage-error.ts';
import type { SourceOptions, SourceResolver, TraceSource } from '../protocol/source.ts';
import { RECORDER_PATH } from '../pythons/python-runner.ts';
import { findPythons, probe, type PythonInfo } from '../pythons/pythons.ts';
import { RunnerClient } from '../protocol/client.ts';

const PREFIX = 'python:';

export function pythonPath(spec: string): string {
  const path = spec.slice(PREFIX.length);
  if (!path) throw new UsageError('python: needs an interpreter, e.g. python:python3 or python:/usr/bin/pypy3');
  return path;
}

const probes = new Map<string, Promise<PythonInfo | string>>();
/** Who the interpreter is, asked once per path. */
export function identify(path: string): Promise<PythonInfo | string> {
  let p = probes.get(path);
  if (!p) { p = probe(path); probes.set(path, p); }
  return p;
}

export async function openPython(path: string, options: { runtime?: string } = {}): Promise<TraceSource> {
  if (options.runtime) throw new UsageError(`python:${path} is a Python interpreter; --runtime ${options.runtime} does not apply to it`);
  const who = await identify(path);
  if (typeof who === 'string') throw new UsageError(`python:${path}: ${who}`);
  // The recorder runs `with token:` on every version, and scenarios pinned below 3.14 record the
  // error that gives; its handshake lists the feature only where the protocol exists (3.14+).
  return RunnerClient.open({ command: { argv: [path, RECORDER_PATH, '--serve'] }, extraFeatures: ['token_context_manager'] });
}

function which(cmd: string): Promise<string | undefined> {
  return new Promise((resolve) => execFile('sh', ['-c', 'command -v "$1"', 'sh', cmd], (err, out) => resolve(err ? undefined : String(out).trim() || undefined)));
}

/** Installed interpreters, one per implementation and version: python3, pyenv's, then pypy3. */
export async function installedPythons(): Promise<string[]> {
  const pypy = await which('pypy3');
  const { pythons } = await findPythons(pypy ? [pypy] : [], { probe: identify });
  return pythons.map((p) => `${PREFIX}${p.path}`);
}

export const pythonResolver: SourceResolver = {
  pattern: 'python:PATH',
  description: 'any Python interpreter (CPython from pyenv, PyPy, …) running reference/recorder.py --serve as a runner',
  matches: (spec) => spec.startsWith(PREFIX),
  async open(spec: string, options: SourceOptions) { return openPython(pythonPath(spec), options); },
  instances: installedPythons,
  async pythonVersion(spec) {
    const who = await identify(pythonPath(spec));
    return typeof who === 'string' ? undefined : who.version;
  },
};
