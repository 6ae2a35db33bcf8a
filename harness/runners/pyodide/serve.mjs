// A pep567-runner/1 runner: Pyodide (CPython in WebAssembly, from node_modules/pyodide) running
// the recorder's interpreter. Plain JavaScript so that any Node runs it without a loader.
//   node serve.mjs            JSPI when the runtime has it (Node 24+, Node 22 --experimental-wasm-jspi)
//   node serve.mjs --no-jspi  force the fallback: each scenario's main task on Pyodide's own loop
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const write = (line) => new Promise((resolve) => { process.stdout.write(line + '\n', resolve); });
// Python's print must never reach stdout, which carries the protocol.
const toStderr = (s) => { process.stderr.write(s + '\n'); };

const { loadPyodide } = await import('pyodide');
// Where npm put the dependency: hoisted into a consumer's node_modules, or nested in this package's.
const indexURL = dirname(createRequire(import.meta.url).resolve('pyodide/package.json')) + '/';
const py = await loadPyodide({ indexURL, stdout: toStderr, stderr: toStderr });
// The repository's layout in Pyodide's file system: the recorder's package (every module of
// reference/pep567_recorder/) finds the operation table at ../../fixtures/schema/ as in a checkout.
const root = '/home/pyodide/pep567';
const dir = `${root}/reference`;
py.FS.mkdirTree(`${dir}/pep567_recorder`);
for (const file of readdirSync(here('../../../reference/pep567_recorder/')).filter((f) => f.endsWith('.py'))) {
  py.FS.writeFile(`${dir}/pep567_recorder/${file}`, readFileSync(here(`../../../reference/pep567_recorder/${file}`)));
}
py.FS.mkdirTree(`${root}/fixtures/schema`);
py.FS.writeFile(`${root}/fixtures/schema/operations.json`, readFileSync(here('../../../fixtures/schema/operations.json')));
py.FS.writeFile(`${dir}/pep567_pyodide.py`, readFileSync(here('./pep567_pyodide.py')));
py.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(dir)})`);
const glue = py.pyimport('pep567_pyodide');
py.pyimport('pep567_recorder.session').quiet_asyncio();

const jspi = typeof WebAssembly.Suspending === 'function' && !process.argv.includes('--no-jspi');
const answer = jspi ? (line) => glue.answer.callPromising(line) : (line) => glue.answer_async(line);

await write(glue.handshake());
// Serially: one scenario in flight, answered before the next line is read.
const input = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of input) {
  if (!line.trim()) continue;
  await write(await answer(line));
}
process.exit(0);
