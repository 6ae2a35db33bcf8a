/**
 * Fuzz throughput of a whole `pep567 fuzz --workers N` campaign (differential property only, no
 * laws) from the compiled build, in a process of its own: wall time of runParallel from start to
 * merged result, worker start-up included, after one warm-up campaign. Prints one JSON line.
 *
 *   node harness/bench/fuzz-parallel.ts is run by fuzz.ts as:
 *   node --import tsx harness/bench/fuzz-parallel.ts --oracle model|cpython --runs N --reps R --workers W [--python P]
 */
import { loadavg } from 'node:os';
import { median, now, round } from './stats.ts';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1]! : dflt; };
const oracle = arg('--oracle', 'model');
const runs = Number(arg('--runs', '20000'));
const reps = Number(arg('--reps', '3'));
const workers = Number(arg('--workers', '2'));
const python = arg('--python', 'python3');

// The published code path: dist/ (npm run bench builds it first).
const { runParallel } = await import(new URL('../../dist/fuzz/workers.js', import.meta.url).href);

const campaign = (n: number, seed: number) => runParallel({ impl: 'model', oracle, python, runs: n, seed, laws: false, workers });
await campaign(Math.max(workers, Math.round(runs / 10)), 999);
const rates: number[] = [];
// Per CPU second of this process (main thread and workers): what one core gives, little moved by
// other load; times the workers, what that many idle cores would give (the CPython side excluded).
const cpuRates: number[] = [];
const failingSeeds: number[] = [];
for (let i = 0; i < reps; i++) {
  const t0 = now(), c0 = process.cpuUsage();
  const r = await campaign(runs, 1 + i * 100);
  const ms = now() - t0, cpu = process.cpuUsage(c0);
  // A counterexample stops that worker early: count what ran, and say which seed found it.
  const ran = r.failure ? r.passed.reduce((n: number, p: { runs: number }) => n + p.runs, 0) : runs;
  if (r.failure) failingSeeds.push(r.failure.seed);
  rates.push(ran / ms * 1000);
  cpuRates.push(ran / ((cpu.user + cpu.system) / 1000) * 1000);
}
process.stdout.write(JSON.stringify({
  oracle, workers, ...(oracle === 'cpython' ? { python } : {}), programsPerRep: runs, reps,
  perSecond: Math.round(median(rates)), ratesPerRep: rates.map((x) => Math.round(x)), failingSeeds,
  perCpuSecond: Math.round(median(cpuRates)),
  // Node side only (the main thread and its workers); CPython children are not counted.
  peakRssMiB: round(process.resourceUsage().maxRSS / 1024), loadAverageEnd: loadavg().map((x) => +x.toFixed(2)),
}) + '\n');
