/**
 * Wall time and peak memory of a whole command (npm test, pep567 run --all). GNU time reports
 * the largest resident set among the command and every descendant it waited for, which is what
 * the machine has to hold at worst.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, round } from './stats.ts';

export interface CommandRun { seconds: number; peakRssMiB: number; exitCode: number }
export interface CommandFigures { command: string; reps: number; medianSeconds: number; peakRssMiB: number; exitCodes: number[]; runs: CommandRun[] }

function timed(command: string, cwd: string): Promise<CommandRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pep567-bench-'));
  const out = join(dir, 'time.txt');
  return new Promise((resolve, reject) => {
    // Output is dropped: only the cost matters here, and a chatty child must not block on a full pipe.
    const child = spawn('/usr/bin/time', ['-o', out, '-f', '%e %M %x', 'sh', '-c', command], { cwd, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => {
      try {
        const [e, m, x] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
        resolve({ seconds: e!, peakRssMiB: round(m! / 1024), exitCode: x! });
      } catch (err) { reject(err); } finally { rmSync(dir, { recursive: true, force: true }); }
    });
  });
}

export async function commandFigures(command: string, reps: number, cwd: string): Promise<CommandFigures> {
  const runs: CommandRun[] = [];
  for (let i = 0; i < reps; i++) runs.push(await timed(command, cwd));
  return {
    command, reps,
    medianSeconds: round(median(runs.map((r) => r.seconds)), 2),
    peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)),
    exitCodes: runs.map((r) => r.exitCode),
    runs,
  };
}
