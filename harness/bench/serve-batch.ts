/**
 * CPython's own speed on a list of scenarios: `recorder.py --serve` gets the whole list at once
 * (requests pipelined, so no round trip waits on Node) and the clock runs from the first request
 * written to the last answer read. Several batches go through the same process; the first ones
 * are warm-ups.
 */
import { spawn } from 'node:child_process';
import { RECORDER_PATH } from '../reference/python-runner.ts';
import { now } from './stats.ts';

export interface BatchResult { ms: number[]; answers: number; errors: number; version: string; peakRssMiB?: number }

export async function serveBatches(python: string, requests: { id: string; scenario: unknown }[], batches: number): Promise<BatchResult> {
  const child = spawn('/usr/bin/time', ['-f', '%M', python, RECORDER_PATH, '--serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const payload = requests.map((r) => JSON.stringify(r)).join('\n') + '\n';
  let buf = '', stderr = '', version = '', errors = 0, seen = 0, batch = 0, t0 = 0;
  const ms: number[] = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => { stderr += c; });
  child.stdout.setEncoding('utf8');
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => reject(new Error(`${python} --serve exited early: ${stderr.trim().split('\n').at(-1)}`)));
    const send = () => { t0 = now(); child.stdin.write(payload); };
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
        seen = 0;
        if (++batch < batches) send(); else { child.stdin.end(); resolve(); }
      }
    });
  });
  await exited;
  const kib = Number(stderr.trim().split('\n').at(-1));
  return { ms, answers: requests.length, errors: errors / batches, version, ...(Number.isFinite(kib) ? { peakRssMiB: Math.round(kib / 102.4) / 10 } : {}) };
}
