/**
 * Fuzzing at scale (issue 18): whole `pep567 fuzz` campaigns (the differential property and every
 * law) of the model, against itself and against live CPython, run as the CLI in child processes of
 * their own, niced, one seed after another, until a total of programs or a time budget is reached.
 * Each campaign is one line of a JSON-lines log as soon as it ends, so a run cut short still has
 * exact figures: programs per property, seed, wall time, load, exit and the failing lines.
 *
 *   npm run bench -- --only fuzz-scale [--scale-model N (1000000)] [--scale-cpython N (100000)]
 *       [--scale-chunk-model N (50000)] [--scale-chunk-cpython N (5000)] [--scale-minutes M (no limit)]
 *       [--scale-seed S (1001)] [--workers W (2)] [--scale-nice N (15)] [--scale-log FILE] [--python P]
 *       [--scale-oracles model,cpython] [--scale-root DIR (this package)] [--scale-finds DIR] [--scale-keep-going]
 *       [--scale-impl NAME (model; a mutant:NAME shows a failing campaign)]
 *   node --import tsx harness/bench/fuzz-scale.ts (the same flags): this part alone
 *
 * Programs counts the generated programs per property (`--runs` summed over the seeds): each is
 * checked by the differential property and by every law that applies to it. A failing campaign
 * stops the run, or with --scale-keep-going the next seed follows (the failing campaign's programs
 * are not counted as held) unless five failed in a row; --scale-finds DIR keeps each failure's whole output (the shrunk program
 * as a fixture and the reproduce line) as DIR/<oracle>-seed-<seed>.txt.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { round } from './stats.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Campaign {
  oracle: string; seed: number; runs: number; workers: number; exit: number | null;
  seconds: number; loadStart: number[]; loadEnd: number[];
  /** Property -> programs it checked (summed over the workers). */
  properties: Record<string, number>;
  /** What the CLI printed on a failure (exit other than 0). */
  failure?: string;
}

export interface ScaleFigures {
  oracle: string; target: number; programs: number; seeds: number[]; campaigns: Campaign[];
  seconds: number; perSecond: number; held: boolean; stoppedBy: 'target' | 'time' | 'failure';
}

const load = () => loadavg().map((x) => +x.toFixed(2));

/** One CLI campaign in a child process, niced; its `ok` lines summed per property. */
function campaign(o: { oracle: string; seed: number; runs: number; workers: number; nice: number; python?: string; root: string; finds?: string; impl?: string }): Promise<Campaign> {
  const args = ['-n', String(o.nice), process.execPath, `${o.root}/bin/pep567.js`, 'fuzz', '--impl', o.impl ?? 'model', '--oracle', o.oracle,
    '--runs', String(o.runs), '--seed', String(o.seed), '--workers', String(o.workers), ...(o.python ? ['--python', o.python] : [])];
  const t0 = Date.now(), loadStart = load();
  return new Promise((resolve) => {
    const child = spawn('nice', args, { cwd: o.root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (exit) => {
      const properties: Record<string, number> = {};
      for (const m of out.matchAll(/ok {3}(.+?): (\d+) programs/g)) properties[m[1]!] = (properties[m[1]!] ?? 0) + Number(m[2]);
      const failure = out.split('\n').filter((l) => !/ok {3}|skip law/.test(l)).join('\n');
      if (exit !== 0 && o.finds) { mkdirSync(o.finds, { recursive: true }); writeFileSync(join(o.finds, `${o.oracle}-seed-${o.seed}.txt`), failure); }
      resolve({
        oracle: o.oracle, seed: o.seed, runs: o.runs, workers: o.workers, exit, seconds: round((Date.now() - t0) / 1000), loadStart, loadEnd: load(), properties,
        ...(exit === 0 ? {} : { failure: failure.slice(-4000) }),
      });
    });
  });
}

/** Campaigns of `chunk` programs on seeds seed, seed+1, … until `target` programs, the deadline, or a failure. */
export async function scaleFigures(o: { oracle: 'model' | 'cpython'; target: number; chunk: number; seed: number; workers: number; nice: number; root: string; deadline?: number; python?: string; log?: string; finds?: string; keepGoing?: boolean; impl?: string; say?: (s: string) => void }): Promise<ScaleFigures> {
  const campaigns: Campaign[] = [];
  const t0 = Date.now();
  let programs = 0;
  let stoppedBy: ScaleFigures['stoppedBy'] = 'target';
  for (let seed = o.seed; programs < o.target; seed++) {
    if (o.deadline !== undefined && Date.now() >= o.deadline) { stoppedBy = 'time'; break; }
    const c = await campaign({ ...o, seed, runs: Math.min(o.chunk, o.target - programs) });
    campaigns.push(c);
    if (o.log) appendFileSync(o.log, JSON.stringify(c) + '\n');
    o.say?.(`fuzz-scale ${o.oracle} seed ${seed}: ${c.runs} programs, exit ${c.exit}, ${c.seconds} s, load ${c.loadStart.join(' ')} -> ${c.loadEnd.join(' ')}`);
    if (c.exit !== 0) {
      // Five failing campaigns in a row: the implementation is broken, not unlucky.
      const lastFive = campaigns.slice(-5);
      if (o.keepGoing && !(lastFive.length === 5 && lastFive.every((x) => x.exit !== 0))) continue;
      stoppedBy = 'failure'; break;
    }
    programs += c.runs;
  }
  const seconds = round((Date.now() - t0) / 1000);
  return {
    oracle: o.oracle, target: o.target, programs, seeds: campaigns.map((c) => c.seed), campaigns, seconds,
    perSecond: round(programs / Math.max(seconds, 0.001)), held: campaigns.every((c) => c.exit === 0), stoppedBy,
  };
}

/** Both oracles, from command-line flags (main.ts's --only fuzz-scale, or this file run alone). */
export async function scaleFromArgs(argv: string[], python: string | undefined, say: (s: string) => void): Promise<{ model?: ScaleFigures; cpython?: ScaleFigures }> {
  const arg = (name: string, dflt: string) => { const i = argv.indexOf(name); return i >= 0 && i + 1 < argv.length ? argv[i + 1]! : dflt; };
  const minutes = arg('--scale-minutes', '');
  const deadline = minutes ? Date.now() + Number(minutes) * 60_000 : undefined;
  // --scale-root: another built copy of the package (a long run that must not see later builds of this one).
  const common = { root: arg('--scale-root', ROOT.replace(/\/$/, '')), workers: Number(arg('--workers', '2')), nice: Number(arg('--scale-nice', '15')), deadline, say, python,
    ...(argv.includes('--scale-log') ? { log: arg('--scale-log', '') } : {}), ...(argv.includes('--scale-finds') ? { finds: arg('--scale-finds', '') } : {}), keepGoing: argv.includes('--scale-keep-going'), impl: arg('--scale-impl', 'model') };
  const seed = Number(arg('--scale-seed', '1001'));
  const oracles = arg('--scale-oracles', 'model,cpython').split(',');
  const model = !oracles.includes('model') ? undefined : await scaleFigures({ ...common, oracle: 'model', target: Number(arg('--scale-model', '1000000')), chunk: Number(arg('--scale-chunk-model', '50000')), seed });
  const cpython = !oracles.includes('cpython') ? undefined : await scaleFigures({ ...common, oracle: 'cpython', target: Number(arg('--scale-cpython', '100000')), chunk: Number(arg('--scale-chunk-cpython', '5000')), seed: seed + 5000 });
  return { model, cpython };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--python');
  const figures = await scaleFromArgs(argv, i >= 0 ? argv[i + 1] : undefined, (s) => process.stderr.write(`${s}\n`));
  process.stdout.write(JSON.stringify(figures) + '\n');
}
