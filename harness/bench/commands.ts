/**
 * Wall time and peak memory of a whole command (npm test, pep567 run --all). GNU time reports
 * the largest resident set among the command and every descendant it waited for, which is what
 * the machine has to hold at worst.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, round } from './stats.ts';

export interface CommandRun { seconds: number; cpuSeconds: number; peakRssMiB: number; exitCode: number; failing?: string[]; timedOut?: true }
export interface CommandFigures { command: string; reps: number; medianSeconds: number; medianCpuSeconds: number; peakRssMiB: number; exitCodes: number[]; runs: CommandRun[] }

/** The titles mocha numbers in its summary of failures ("  1) suite"), so a red run says why. */
function failingTests(output: string): string[] {
  const tail = output.slice(output.search(/^\s+\d+ failing/m) + 1);
  // The suite is on the numbered line, the test's own title on the next one.
  return [...tail.matchAll(/^ {2}\d+\) (.+)\n\s+(.+?):?$/gm)].map((m) => `${m[1]!.trim()}: ${m[2]!.trim()}`).slice(0, 20);
}

/**
 * A command that outlives timeoutMs is killed with its whole process group (it runs detached, so
 * the group is its own): a test that leaks a child can keep mocha alive for as long as the child.
 */
function timed(command: string, cwd: string, timeoutMs: number): Promise<CommandRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pep567-bench-'));
  const out = join(dir, 'time.txt');
  const log = join(dir, 'output.txt');
  return new Promise((resolve, reject) => {
    // Output goes to a file, not a pipe: a chatty child must not wait on the bench reading it.
    const fd = openSync(log, 'w');
    const started = Date.now();
    const child = spawn('/usr/bin/time', ['-o', out, '-f', '%e %M %x %U %S', 'sh', '-c', command], { cwd, stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ } }, timeoutMs);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      if (timedOut) {
        const failing = failingTests(readFileSync(log, 'utf8'));
        rmSync(dir, { recursive: true, force: true });
        resolve({ seconds: round((Date.now() - started) / 1000, 2), cpuSeconds: NaN, peakRssMiB: NaN, exitCode: -1, timedOut: true, ...(failing.length ? { failing } : {}) });
        return;
      }
      try {
        // User and system time of the command and every descendant it waited for.
        const [e, m, x, u, sy] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
        const failing = x ? failingTests(readFileSync(log, 'utf8')) : [];
        resolve({ seconds: e!, cpuSeconds: round(u! + sy!, 2), peakRssMiB: round(m! / 1024), exitCode: x!, ...(failing.length ? { failing } : {}) });
      } catch (err) { reject(err); } finally { rmSync(dir, { recursive: true, force: true }); }
    });
  });
}

export async function commandFigures(command: string, reps: number, cwd: string, timeoutMs = 600_000): Promise<CommandFigures> {
  const runs: CommandRun[] = [];
  for (let i = 0; i < reps; i++) runs.push(await timed(command, cwd, timeoutMs));
  return {
    command, reps,
    medianSeconds: round(median(runs.map((r) => r.seconds)), 2),
    medianCpuSeconds: round(median(runs.map((r) => r.cpuSeconds)), 2),
    peakRssMiB: Math.max(...runs.filter((r) => !r.timedOut).map((r) => r.peakRssMiB)),
    exitCodes: runs.map((r) => r.exitCode),
    runs,
  };
}
