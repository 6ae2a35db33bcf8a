/**
 * Live CPython answers fetched ahead (the cpython oracle of a campaign): the programs fast-check
 * is about to generate (fc.sample gives the sequence fc.check generates for the same seed) go to a
 * second `recorder.py --serve` process as pipelined requests, WINDOW ahead of the check, so a check
 * finds its answer waiting instead of paying a round trip. A program that was not fetched (a
 * replayed example, shrinking) or whose answer was lost (the process died) goes to the oracle's
 * own one-at-a-time runner, so the answers are the same either way, only sooner.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Scenario } from '../format/scenario.ts';
import type { Observation } from '../format/trace.ts';
import { GENERATED_ID, type Observed, type Observer } from './observe.ts';

type Answer = { observations: Observation[] } | { error: { kind: string; message: string } } | undefined;

export interface Prefetching extends Observer { hits: number; misses: number; close(): Promise<void> }

export function prefetching(oracle: Observer, o: { python: string; recorder: string; scenarios: Scenario[]; skip: (s: Scenario) => Observed | undefined; window?: number }): Prefetching {
  const window = o.window ?? 64;
  const wanted = o.scenarios.map((s) => (o.skip(s) ? undefined : s));
  const index = new Map<string, number[]>();
  wanted.forEach((s, i) => { if (s) { const k = JSON.stringify(s); index.set(k, [...(index.get(k) ?? []), i]); } });
  const order = wanted.flatMap((s, i) => (s ? [i] : []));
  const position = new Map(order.map((i, p) => [i, p]));
  const answers = new Map<number, { promise: Promise<Answer>; resolve: (a: Answer) => void }>();
  const expect = (i: number) => {
    let entry = answers.get(i);
    if (!entry) { let resolve!: (a: Answer) => void; const promise = new Promise<Answer>((r) => { resolve = r; }); entry = { promise, resolve }; answers.set(i, entry); }
    return entry;
  };
  const child = spawn(o.python, [o.recorder, '--serve'], { stdio: ['pipe', 'pipe', 'ignore'] });
  let alive = true, handshake = false, sent = 0, answered = 0, consumed = 0;
  const lose = () => { alive = false; for (const e of answers.values()) e.resolve(undefined); };
  child.on('error', lose);
  child.on('exit', lose);
  child.stdin.on('error', lose);
  const pump = () => {
    while (alive && handshake && sent < order.length && sent < consumed + window) {
      child.stdin.write(JSON.stringify({ id: GENERATED_ID, scenario: wanted[order[sent]!] }) + '\n');
      sent++;
    }
  };
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
    if (!handshake) { handshake = true; pump(); return; }
    let msg: any;
    try { msg = JSON.parse(line); } catch { msg = undefined; }
    const i = order[answered++];
    if (i === undefined) return;
    expect(i).resolve(msg?.error ? { error: msg.error } : Array.isArray(msg?.observations) ? { observations: msg.observations } : undefined);
  });

  const self: Prefetching = {
    name: oracle.name, hits: 0, misses: 0,
    async observe(scenario) {
      const skip = o.skip(scenario);
      if (skip) return skip;
      const i = index.get(JSON.stringify(scenario))?.shift();
      if (i === undefined) { self.misses++; return oracle.observe(scenario); }
      // Everything up to this program has been checked (or passed over): fetch further ahead.
      consumed = Math.max(consumed, position.get(i)! + 1);
      pump();
      const a = await expect(i).promise;
      answers.delete(i);
      if (!a) { self.misses++; return oracle.observe(scenario); }
      self.hits++;
      return 'error' in a ? { kind: 'error', message: `${a.error.kind}: ${a.error.message}` } : { kind: 'ok', observations: a.observations };
    },
    async close() {
      if (!alive) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  return self;
}
