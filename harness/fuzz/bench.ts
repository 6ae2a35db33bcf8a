/**
 * Fuzz throughput: generated programs per second checked by the differential property against the
 * model and against live CPython, with the peak memory. Writes the figures as JSON to the file
 * named by --out (default harness/fuzz/bench.json) and prints them.
 *
 *   node --import tsx harness/fuzz/bench.ts [--runs N] [--python PATH] [--out FILE]
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PythonRunner } from '../reference/python-runner.ts';
import { cpythonObserver, implementationObserver, type Observer } from './observe.ts';
import { differential } from './properties.ts';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1]! : dflt; };
const runs = Number(arg('--runs', '20000'));
const python = arg('--python', 'python3');
const out = arg('--out', fileURLToPath(new URL('./bench.json', import.meta.url)));

async function measure(impl: Observer, oracle: Observer, n: number): Promise<{ programs: number; seconds: number; perSecond: number; failed: boolean }> {
  const t0 = process.hrtime.bigint();
  const r = await fc.check(differential(impl, oracle), { numRuns: n, seed: 1, endOnFailure: true });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { programs: r.numRuns, seconds: +seconds.toFixed(3), perSecond: Math.round(r.numRuns / seconds), failed: r.failed };
}

const model = await implementationObserver('model');
const againstModel = await measure(await implementationObserver('model'), model, runs);
const runner = new PythonRunner({ python });
const hs = await runner.start();
const againstCpython = await measure(
  await implementationObserver('model', { reference: { name: 'cpython', version: hs.implementation.version } }),
  cpythonObserver(runner, hs.features, hs.implementation.version), runs);
await runner.close();
const figures = {
  date: new Date().toISOString(),
  node: process.version,
  cpython: hs.implementation.version,
  againstModel,
  againstCpython,
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  note: 'each program is generated, run by the model (and by the oracle), and compared per task; a failed run stops early, so its count is smaller',
};
writeFileSync(out, JSON.stringify(figures, null, 2) + '\n');
process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
