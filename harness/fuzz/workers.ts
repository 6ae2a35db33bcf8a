/**
 * A campaign split across worker threads (`pep567 fuzz --workers N`): worker k runs every property
 * on its share of the runs with its own seed (worker 1 keeps the campaign's seed, so one worker is
 * the plain campaign) and, with --oracle cpython, its own live CPython. Worker 1 alone replays the
 * regression corpus. All workers finish; the failure reported is the lowest-numbered worker's, so
 * a seed gives the same answer every time, and its seed and path replay it with --workers 1.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../primitives/worker.ts';
import { OracleUnavailable, runCampaign, type CampaignOptions, type CampaignResult } from './campaign.ts';
import { UsageError } from '../primitives/usage-error.ts';

export interface Share { worker: number; seed: number; runs: number }

/** A 32-bit seed for worker k (k >= 2) from the campaign seed: a fixed mix, never the campaign seed itself. */
export function workerSeed(seed: number, worker: number): number {
  if (worker === 1) return seed;
  let h = (seed ^ Math.imul(worker, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

/** The runs split as evenly as they go; never more workers than runs. */
export function shares(seed: number, runs: number, workers: number): Share[] {
  const n = Math.max(1, Math.min(workers, runs));
  return Array.from({ length: n }, (_, i) => ({ worker: i + 1, seed: workerSeed(seed, i + 1), runs: Math.floor(runs / n) + (i < runs % n ? 1 : 0) }));
}

export type ParallelResult = CampaignResult & { share?: Share; workers: number };

/** Per property: runs, checked and skipped summed over the workers, the longest time. */
function merge(results: CampaignResult[]): CampaignResult['passed'] {
  const by = new Map<string, CampaignResult['passed'][number]>();
  for (const r of results) for (const p of r.passed) {
    const m = by.get(p.property);
    if (!m) { by.set(p.property, { ...p }); continue; }
    m.runs += p.runs; m.checked += p.checked; m.skipped += p.skipped; m.ms = Math.max(m.ms, p.ms);
  }
  return [...by.values()];
}

// The worker entry sits next to this module: .js from dist/, .ts from the sources (startWorker registers tsx there).
const ENTRY = new URL(import.meta.url.endsWith('.ts') ? './campaign-worker.ts' : './campaign-worker.js', import.meta.url);
const newWorker = (workerData: unknown): Worker => startWorker(ENTRY, { workerData });

interface FromWorker { type: 'log' | 'done' | 'error'; line?: string; result?: CampaignResult; kind?: 'oracle' | 'usage' | 'other'; message?: string }

function runWorker(o: CampaignOptions, share: Share, log: (l: string) => void, label: string): Promise<CampaignResult> {
  const { log: _ignored, ...data } = o;
  const w = newWorker({ ...data, seed: share.seed, runs: share.runs, replayRegressions: share.worker === 1 && o.replayRegressions !== false });
  return new Promise((resolve, reject) => {
    let settled = false;
    w.on('message', (m: FromWorker) => {
      if (m.type === 'log') log(`${label} ${m.line}`);
      else if (m.type === 'done') { settled = true; resolve(m.result!); }
      else {
        settled = true;
        reject(m.kind === 'oracle' ? new OracleUnavailable(m.message!) : m.kind === 'usage' ? new UsageError(m.message!) : new Error(m.message));
      }
    });
    w.on('error', (e) => { settled = true; reject(e); });
    w.on('exit', (code) => { if (!settled) reject(new Error(`fuzz worker ${share.worker} exited with code ${code} before finishing`)); });
  });
}

export async function runParallel(o: CampaignOptions & { workers: number }): Promise<ParallelResult> {
  const { workers, ...campaign } = o;
  // A replay (--path) is one counterexample: one worker.
  const split = o.path ? shares(o.seed, o.runs, 1) : shares(o.seed, o.runs, workers);
  if (split.length === 1) return { ...await runCampaign(campaign), workers: 1 };
  const log = o.log ?? (() => {});
  const settled = await Promise.allSettled(split.map((s) => runWorker(campaign, s, log, `[worker ${s.worker}/${split.length} seed ${s.seed}]`)));
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  const results = settled.map((r) => (r as PromiseFulfilledResult<CampaignResult>).value);
  const first = results.findIndex((r) => r.failure);
  return {
    passed: merge(results), workers: split.length,
    ...(first >= 0 ? { failure: results[first]!.failure!, share: split[first]! } : {}),
  };
}
