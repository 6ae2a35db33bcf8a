/**
 * A cold `pep567 run` beside CPython's own cold run of the same scenarios (issue 17 item 7): each a
 * fresh process, alternated so that load on the machine falls on both alike, medians compared.
 *   pep567: `node bin/pep567.js run --report DIR` (the model, every scenario or those of --include, the report written),
 *   CPython: `python recorder.py --serve` reading the scenarios its version runs as JSON lines
 *            from a file (prepared beforehand, so CPython reads one file where pep567 reads its bundle).
 * Wall and CPU (user + system, GNU time) of the whole process, start-up included.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedScenario } from '../scenarios/load.ts';
import { inRange } from '../primitives/version-range.ts';
import { RECORDER_PATH } from '../pythons/python-runner.ts';
import { median, now, round } from './stats.ts';

export interface ColdSide { medianSeconds: number; medianCpuSeconds: number; runs: number[]; cpu: number[]; exitCodes: (number | null)[] }
export interface ColdFigures { scenarios: number; cpythonScenarios: number; reps: number; pep567: ColdSide; cpython: ColdSide; ratio: number; cpuRatio: number; target: 1; meetsTarget: boolean }

function timed(argv: string[], cwd: string, stdinFile?: string): { seconds: number; cpu: number; code: number | null } {
  const fd = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
  try {
    const t0 = now();
    const r = spawnSync('/usr/bin/time', ['-f', 'pep567-bench %U %S', ...argv], { cwd, stdio: [fd, 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, CI: '1' } });
    const seconds = (now() - t0) / 1000;
    const m = /pep567-bench ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
    return { seconds, cpu: m ? Number(m[1]) + Number(m[2]) : NaN, code: r.status };
  } finally { if (typeof fd === 'number') closeSync(fd); }
}

const side = (rs: { seconds: number; cpu: number; code: number | null }[]): ColdSide => ({
  medianSeconds: round(median(rs.map((r) => r.seconds)), 3), medianCpuSeconds: round(median(rs.map((r) => r.cpu)), 3),
  runs: rs.map((r) => round(r.seconds, 3)), cpu: rs.map((r) => r.cpu), exitCodes: [...new Set(rs.map((r) => r.code))],
});

/** `all`: the scenarios both sides run; `include`, the glob that selected them, if any (pep567 run selects them itself). */
export function coldFigures(root: string, all: LoadedScenario[], python: string, pythonVersion: string, reps: number, include?: string): ColdFigures {
  const dir = mkdtempSync(join(tmpdir(), 'pep567-bench-cold-'));
  try {
    const ran = all.filter((s) => inRange(pythonVersion, s.scenario.python));
    const requests = join(dir, 'requests.jsonl');
    writeFileSync(requests, ran.map((s) => JSON.stringify({ id: s.id, scenario: s.scenario })).join('\n') + '\n');
    const pep = [], py = [];
    const run = [process.execPath, join(root, 'bin', 'pep567.js'), 'run', ...(include ? ['--include', include] : []), '--report', join(dir, 'report')];
    timed(run, root); // the page cache, as for CPython's first run
    timed([python, RECORDER_PATH, '--serve'], root, requests);
    for (let i = 0; i < reps; i++) {
      pep.push(timed(run, root));
      py.push(timed([python, RECORDER_PATH, '--serve'], root, requests));
    }
    const p = side(pep), c = side(py);
    const ratio = round(p.medianSeconds / c.medianSeconds, 3);
    return { scenarios: all.length, cpythonScenarios: ran.length, reps, pep567: p, cpython: c, ratio, cpuRatio: round(p.medianCpuSeconds / c.medianCpuSeconds, 3), target: 1, meetsTarget: ratio <= 1 };
  } finally { rmSync(dir, { recursive: true, force: true }); }
}
