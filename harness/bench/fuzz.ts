/** Fuzz throughput figures: each oracle measured by fuzz-worker.ts in a process of its own. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./fuzz-worker.ts', import.meta.url));
/** tsx for the measuring script, not for the campaign's worker threads (tsx-main.mjs). */
const TSX_MAIN = fileURLToPath(new URL('./tsx-main.mjs', import.meta.url));

export interface FuzzFigures {
  oracle: string; python?: string; version?: string;
  programsPerRep: number; reps: number; warmupPrograms: number; programs: number;
  perSecond: number; ratesPerRep: number[]; perCpuSecond: number; failingSeeds: number[]; peakRssMiB: number;
  /** CPython by itself on the same kind of programs, pipelined (the cpython oracle only). */
  cpythonAlone?: { programs: number; perSecond: number; perCpuSecond: number };
  target: number; meetsTarget: boolean;
}

/** Runs a measuring script in a process of its own: its last stdout line (JSON) against the target. */
function measure<F>(what: string, script: string, flags: Record<string, string | number>, target: number): Promise<F & { target: number; meetsTarget: boolean }> {
  const args = ['--import', TSX_MAIN, script, ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, String(v)])];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) { reject(new Error(`${what} failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`)); return; }
      const f = JSON.parse(stdout.trim().split('\n').at(-1)!);
      resolve({ ...f, target, meetsTarget: f.perSecond >= target });
    });
  });
}

export function fuzzFigures(o: { oracle: 'model' | 'cpython'; runs: number; reps: number; warmup: number; python: string; target: number }): Promise<FuzzFigures> {
  const { target, ...flags } = o;
  return measure(`fuzz worker (${o.oracle})`, WORKER, flags, target);
}

const PARALLEL = fileURLToPath(new URL('./fuzz-parallel.ts', import.meta.url));

export interface ParallelFuzzFigures {
  oracle: string; workers: number; python?: string; programsPerRep: number; reps: number;
  perSecond: number; ratesPerRep: number[]; failingSeeds: number[]; perCpuSecond: number; peakRssMiB: number; loadAverageEnd: number[];
  target: number; meetsTarget: boolean;
}

/** A whole `--workers N` campaign (fuzz-parallel.ts, from dist/) in a process of its own. */
export function parallelFuzzFigures(o: { oracle: 'model' | 'cpython'; runs: number; reps: number; workers: number; python: string; target: number }): Promise<ParallelFuzzFigures> {
  const { target, ...flags } = o;
  return measure(`parallel fuzz (${o.oracle})`, PARALLEL, flags, target);
}
