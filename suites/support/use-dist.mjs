// `--import ./suites/support/use-dist.mjs`: TypeScript for the specs (tsx), and a spec's import of
// harness/**.ts loads the compiled dist/**.js instead, so the code measured in process is the code
// the CLI children run, and c8 maps it back to harness/ through the source maps (npm run coverage).
// Only import() goes through these hooks: the mocha configs pass --no-experimental-require-module
// so that mocha import()s spec files instead of require()ing them (require would give CommonJS
// copies of the modules beside the ES ones the harness's own import() loads).
// Both only in a main thread: a worker thread the harness starts (an --in-process implementation,
// a fuzz worker) runs its --import preloads too, and tsx plus a hooks thread cost it about half a
// second of CPU; its entry is already the dist/ .js, and it loads an adapter's TypeScript the way
// it does under the real CLI (harness/inprocess/load-module.ts).
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  await import('tsx');
  register('./dist-hooks.mjs', import.meta.url);
}
// Every pep567-* temporary folder a spec makes goes when the process ends.
import './temp-folders.mjs';
// python3 started without pyenv's shim, where it is one (python-path.mjs).
import './python-path.mjs';
