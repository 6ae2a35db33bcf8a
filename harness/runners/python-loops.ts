/**
 * Event loops and task factories as implementations, each the recorder itself with one thing
 * swapped (reference/pep567_recorder/event_loops.py, `recorder.py --loop NAME --serve`):
 *
 * - `uvloop`: Debian's python3 with python3-uvloop, asyncio.run under uvloop's policy;
 * - `eager:VERSION`: a CPython 3.12+ whose loops use asyncio.eager_task_factory;
 * - `trio`: Debian's python3 with python3-trio, the operations trio has mapped onto trio.
 *
 * Each is compared with the CPython reference of its Python version (the newest of that minor
 * when the exact one is not recorded: Debian's 3.11.2 against cpython-3.11.7). Where a part is
 * missing, `--all` leaves the row out and `--impl` says why (install: bash .ci/setup.d/python-loops.sh).
 */
import { execFile } from 'node:child_process';
import { UsageError } from '../primitives/usage-error.ts';
import type { SourceOptions, SourceResolver, TraceSource } from '../protocol/source.ts';
import { RECORDER_PATH } from '../pythons/python-runner.ts';
import { findPythons } from '../pythons/pythons.ts';
import { RunnerClient } from '../protocol/client.ts';
import { identify } from './python.ts';

/** Debian's own interpreter, which python3-uvloop and python3-trio install into. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
// The package does not ship .ci/: name the Debian packages first, the repository's script second.
const SETUP_HINT = 'apt-get install python3-uvloop python3-trio (Debian; in a clone of pep567-conformance: bash .ci/setup.d/python-loops.sh)';

const imports = new Map<string, Promise<string | undefined>>();
/** Undefined when `python -c "import MODULE"` works, else why not; asked once per interpreter and module. */
function importProblem(python: string, module: string): Promise<string | undefined> {
  const key = `${python}\0${module}`;
  let p = imports.get(key);
  if (!p) {
    p = new Promise((resolve) => execFile(python, ['-c', `import ${module}`], { timeout: 20000 }, (err, _out, stderr) =>
      resolve(err ? `${module} is not importable by ${python}: ${String(stderr).trim().split('\n').at(-1) || err.message}` : undefined)));
    imports.set(key, p);
  }
  return p;
}

function serve(python: string, loop: string, runtime?: string): Promise<TraceSource> {
  if (runtime) throw new UsageError(`${loop} runs under Python; --runtime ${runtime} does not apply to it`);
  // As for python:PATH, the recorder runs `with token:` on every version (the error it gives is recorded).
  return RunnerClient.open({ command: { argv: [python, RECORDER_PATH, '--loop', loop, '--serve'] }, extraFeatures: ['token_context_manager'] });
}

async function systemVersion(): Promise<string | undefined> {
  const who = await identify(SYSTEM_PYTHON);
  return typeof who === 'string' ? undefined : who.version;
}

/** A row running Debian's python3 with a loop module it must import. */
function systemRow(name: 'uvloop' | 'trio', description: string): SourceResolver {
  return {
    pattern: name,
    description,
    matches: (spec) => spec === name,
    async open(_spec: string, options: SourceOptions) {
      const problem = await importProblem(SYSTEM_PYTHON, name);
      if (problem) throw new UsageError(`${name}: ${problem}; install it with ${SETUP_HINT}`);
      return serve(SYSTEM_PYTHON, name, options.runtime);
    },
    async instances() { return (await importProblem(SYSTEM_PYTHON, name)) ? [] : [name]; },
    pythonVersion: () => systemVersion(),
  };
}

export const uvloopResolver = systemRow('uvloop', 'uvloop (Debian python3-uvloop) as the event loop of Debian\'s python3: asyncio.run under uvloop.EventLoopPolicy(), through the recorder');
export const trioResolver = systemRow('trio', 'trio (Debian python3-trio) on Debian\'s python3: the operations trio has (nursery.start_soon, trio.sleep(0), trio.Event, to_thread) mapped onto it by the recorder; the rest UNSUPPORTED');

const EAGER = /^eager:(\d+\.\d+\.\d+)$/;
const atLeast312 = (v: string) => { const [a, b] = v.split('.').map(Number); return a! > 3 || (a === 3 && b! >= 12); };

/** The installed CPythons 3.12+ by version, for `eager:VERSION`. */
async function eagerPythons(): Promise<Map<string, string>> {
  const { pythons } = await findPythons([], { probe: identify });
  return new Map(pythons.filter((p) => p.name === 'cpython' && atLeast312(p.version)).map((p) => [p.version, p.path]));
}

export const eagerResolver: SourceResolver = {
  pattern: 'eager:VERSION',
  description: 'a CPython 3.12+ (pyenv) whose event loops create every task through asyncio.eager_task_factory, through the recorder',
  matches: (spec) => spec.startsWith('eager:'),
  async open(spec: string, options: SourceOptions) {
    const m = EAGER.exec(spec);
    if (!m) throw new UsageError(`${spec}: expected eager:VERSION with a CPython 3.12+ version, e.g. eager:3.12.1`);
    const pythons = await eagerPythons();
    const path = pythons.get(m[1]!);
    if (!path) throw new UsageError(`${spec}: no CPython ${m[1]} with eager tasks is installed; installed 3.12+: ${[...pythons.keys()].join(', ') || '(none)'}`);
    return serve(path, 'eager', options.runtime);
  },
  async instances() { return [...(await eagerPythons()).keys()].map((v) => `eager:${v}`); },
  async pythonVersion(spec) { return EAGER.exec(spec)?.[1]; },
};

export const loopResolvers: SourceResolver[] = [uvloopResolver, eagerResolver, trioResolver];
