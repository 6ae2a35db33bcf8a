/**
 * CPython's own speed on a list of scenarios: `recorder.py --serve` gets the whole list at once
 * (requests pipelined, so no round trip waits on Node) and the clock runs from the first request
 * written to the last answer read. Several batches go through the same process; the first ones
 * are warm-ups. The process's CPU time and peak memory come from /proc (Linux).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { RECORDER_PATH } from '../pythons/python-runner.ts';
import { now } from './stats.ts';

export interface BatchResult { ms: number[]; cpuMs: number[]; answers: number; errors: number; version: string; peakRssMiB?: number }

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process in ms, or NaN where /proc cannot tell. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch { return NaN; }
}

function peakRssMiB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : undefined;
  } catch { return undefined; }
}

export async function serveBatches(python: string, requests: { id: string; scenario: unknown }[], batches: number): Promise<BatchResult> {
  const child = spawn(python, [RECORDER_PATH, '--serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const pid = child.pid!;
  const payload = requests.map((r) => JSON.stringify(r)).join('\n') + '\n';
  let buf = '', stderr = '', version = '', errors = 0, seen = 0, batch = 0, t0 = 0, c0 = 0;
  let peak: number | undefined;
  const ms: number[] = [], cpuMs: number[] = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => { stderr += c; });
  child.stdout.setEncoding('utf8');
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => reject(new Error(`${python} --serve exited early: ${stderr.trim().split('\n').at(-1)}`)));
    const send = () => { c0 = cpuMsOf(pid); t0 = now(); child.stdin.write(payload); };
    child.stdout.on('data', (c: string) => {
      buf += c;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const msg = JSON.parse(line);
        if (!version) { version = msg.implementation.version; send(); continue; }
        if (msg.error) errors++;
        if (++seen < requests.length) continue;
        ms.push(now() - t0);
        cpuMs.push(cpuMsOf(pid) - c0);
        seen = 0;
        if (++batch < batches) send();
        else { peak = peakRssMiB(pid); child.stdin.end(); resolve(); }
      }
    });
  });
  await exited;
  return { ms, cpuMs, answers: requests.length, errors: errors / batches, version, ...(peak !== undefined ? { peakRssMiB: peak } : {}) };
}
