/**
 * CLI start-up beside Node's own: wall time of `node -e 0`, `pep567 --help`, `pep567 run` (the
 * model, every scenario) and a warm `pep567 list` (Python discovery cached), each the median of
 * several starts from the compiled build. Targets (issue 13): --help under 0.2 s, run under 0.4 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, now, round } from './stats.ts';

export interface StartupRow { command: string; medianSeconds: number; medianCpuSeconds: number; runs: number[]; exitCode: number | null; target?: number; meetsTarget?: boolean }

/** Wall seconds of each start, and its CPU seconds (user + system, from GNU time: less moved by other load). */
function timeOf(argv: string[], cwd: string, reps: number): { runs: number[]; cpu: number[]; exitCode: number | null } {
  const runs: number[] = [], cpu: number[] = [];
  let exitCode: number | null = 0;
  for (let i = 0; i < reps; i++) {
    const t0 = now();
    const r = spawnSync('/usr/bin/time', ['-f', 'pep567-bench %U %S', ...argv], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, CI: '1' } });
    runs.push(round((now() - t0) / 1000, 3));
    const m = /pep567-bench ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
    cpu.push(m ? Number(m[1]) + Number(m[2]) : NaN);
    exitCode = r.status;
  }
  return { runs, cpu, exitCode };
}

export function startupFigures(root: string, reps: number): StartupRow[] {
  const report = mkdtempSync(join(tmpdir(), 'pep567-bench-startup-'));
  const bin = join(root, 'bin', 'pep567.js');
  const node = process.execPath;
  try {
    const rows: [string, string[], number?][] = [
      ['node -e 0', [node, '-e', '0']],
      ['pep567 --help', [node, bin, '--help'], 0.2],
      ['pep567 run', [node, bin, 'run', '--report', report], 0.4],
      ['pep567 list (warm cache)', [node, bin, 'list']],
    ];
    timeOf([node, bin, 'list'], root, 1); // fills the discovery cache
    return rows.map(([command, argv, target]) => {
      const t = timeOf(argv, root, reps);
      const m = round(median(t.runs), 3);
      return { command, medianSeconds: m, medianCpuSeconds: round(median(t.cpu), 3), runs: t.runs, exitCode: t.exitCode, ...(target ? { target, meetsTarget: m < target } : {}) };
    });
  } finally { rmSync(report, { recursive: true, force: true }); }
}
