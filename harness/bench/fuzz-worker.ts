/**
 * One fuzz throughput measurement in its own process, so its peak memory is its own: generated
 * programs checked by the fuzzer's differential property (harness/fuzz), the model against the
 * model or against live CPython through `recorder.py --serve`. Prints one JSON line.
 *
 *   node --import tsx harness/bench/fuzz-worker.ts --oracle model|cpython --runs N --reps R --warmup W [--python P]
 */
import fc from 'fast-check';
import { scenarioArb } from '../fuzz/arbitraries.ts';
import { oracleObserver, type OracleName } from '../fuzz/campaign.ts';
import { GENERATED_ID, implementationObserver, type Observer } from '../fuzz/observe.ts';
import { differential } from '../fuzz/properties.ts';
import { serveBatches } from './serve-batch.ts';
import { median, now, round } from './stats.ts';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1]! : dflt; };
const oracleName = arg('--oracle', 'model');
const runs = Number(arg('--runs', '5000'));
const reps = Number(arg('--reps', '3'));
const warmup = Number(arg('--warmup', '500'));
const python = arg('--python', 'python3');

/**
 * n programs from seed onwards. A counterexample ends fast-check's run early (no shrinking here),
 * so the next run picks up with the next seed until n programs were checked; failures are counted.
 */
async function check(impl: Observer, oracle: Observer, n: number, seed: number): Promise<{ programs: number; ms: number; cpuMs: number; failures: number[] }> {
  let programs = 0;
  const failures: number[] = [];
  const t0 = now(), c0 = process.cpuUsage();
  while (programs < n) {
    const r = await fc.check(differential(impl, oracle), { numRuns: n - programs, seed, endOnFailure: true });
    programs += r.numRuns;
    if (r.failed) { failures.push(seed); programs += r.numRuns === 0 ? 1 : 0; }
    seed++;
  }
  const c = process.cpuUsage(c0);
  return { programs, ms: now() - t0, cpuMs: (c.user + c.system) / 1000, failures };
}

// As in a campaign: the model follows the version of the CPython oracle.
const oracleSide = await oracleObserver(oracleName as OracleName, python);
const oracle = oracleSide.observer, version = oracleSide.version;
const impl = await implementationObserver('model', version ? { reference: { name: 'cpython', version } } : {});

await check(impl, oracle, warmup, 1000);
const rates: number[] = [];
// Programs per second of this process's own CPU time: less moved by other load on the machine.
const cpuRates: number[] = [];
const failures: number[] = [];
let programs = 0;
for (let i = 0; i < reps; i++) {
  const r = await check(impl, oracle, runs, 1 + i * 100);
  rates.push(r.programs / r.ms * 1000);
  cpuRates.push(r.programs / r.cpuMs * 1000);
  failures.push(...r.failures);
  programs += r.programs;
}
await oracleSide.close();

/**
 * How fast CPython alone runs generated programs, pipelined into its own --serve process with no
 * round trip: the ceiling any live-CPython check can reach one program at a time.
 */
let cpythonAlone: { programs: number; perSecond: number; perCpuSecond: number } | undefined;
if (oracleName === 'cpython') {
  const requests = fc.sample(scenarioArb(), { numRuns: runs, seed: 1 }).map((scenario) => ({ id: GENERATED_ID, scenario }));
  const b = await serveBatches(python, requests, 1 + reps);
  const ms = median(b.ms.slice(1)), cpu = median(b.cpuMs.slice(1));
  cpythonAlone = { programs: runs, perSecond: Math.round(runs / ms * 1000), perCpuSecond: Math.round(runs / cpu * 1000) };
}
process.stdout.write(JSON.stringify({
  oracle: oracleName, ...(version ? { python, version } : {}),
  programsPerRep: runs, reps, warmupPrograms: warmup, programs,
  perSecond: Math.round(median(rates)), ratesPerRep: rates.map((x) => Math.round(x)),
  perCpuSecond: Math.round(median(cpuRates)),
  failingSeeds: failures,
  ...(cpythonAlone ? { cpythonAlone } : {}),
  peakRssMiB: round(process.resourceUsage().maxRSS / 1024),
}) + '\n');
