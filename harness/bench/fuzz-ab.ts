/**
 * The fuzz campaign's properties timed in two builds of the package, in one process: each property
 * of `pep567 fuzz --impl model --oracle model` (regressions not replayed) run alternately in A and
 * B, ROUNDS times, keeping each side's least CPU time (the least is what the code costs when the
 * shared machine lets it run; wall time under load says more about the neighbours). It also prints
 * what each property checked, which must be the same on both sides for a change that claims the
 * same programs.
 *
 *   node --import tsx harness/bench/fuzz-ab.ts A/dist B/dist [RUNS (1000)] [SEED (5)] [ROUNDS (3)]
 *
 * A build of another commit: `git archive COMMIT | tar x -C DIR`, node_modules linked, `node scripts/build.mjs`.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [a, b, runs = '1000', seed = '5', rounds = '3'] = process.argv.slice(2);
if (!a || !b) { process.stderr.write('usage: fuzz-ab.ts A/dist B/dist [RUNS] [SEED] [ROUNDS]\n'); process.exit(2); }
type Campaign = typeof import('../fuzz/campaign.ts');
const load = async (dist: string): Promise<Campaign> => import(pathToFileURL(resolve(dist, 'fuzz/campaign.js')).href);
const sides: [string, Campaign][] = [['A', await load(a)], ['B', await load(b)]];
const PROPERTIES = ['differential', 'set-then-reset', 'copy-run', 'interleavings', 'no-sibling-bleed'];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const best = new Map<string, number>();
const tallies = new Map<string, Set<string>>();
for (let r = 0; r < Number(rounds); r++) for (const property of PROPERTIES) for (const [side, m] of r % 2 ? [...sides].reverse() : sides) {
  const t = cpu();
  const res = await m.runCampaign({ impl: 'model', oracle: 'model', runs: Number(runs), seed: Number(seed), property, replayRegressions: false });
  const ms = cpu() - t;
  best.set(`${property} ${side}`, Math.min(best.get(`${property} ${side}`) ?? Infinity, ms));
  const p = res.passed[0];
  tallies.set(property, (tallies.get(property) ?? new Set()).add(p ? `${p.runs} programs, ${p.checked} checked, ${p.skipped} not applicable` : `FAIL ${res.failure?.message.split('\n')[0]}`));
}
let ta = 0, tb = 0;
for (const p of PROPERTIES) {
  const [x, y] = [best.get(`${p} A`)!, best.get(`${p} B`)!];
  ta += x; tb += y;
  process.stdout.write(`${p.padEnd(17)} A ${x.toFixed(0).padStart(6)} ms  B ${y.toFixed(0).padStart(6)} ms  B/A ${(y / x).toFixed(2)}  ${[...tallies.get(p)!].join(' | ')}\n`);
}
process.stdout.write(`${'every property'.padEnd(17)} A ${ta.toFixed(0).padStart(6)} ms  B ${tb.toFixed(0).padStart(6)} ms  B/A ${(tb / ta).toFixed(2)}  (least CPU of ${rounds} rounds, ${runs} programs, seed ${seed})\n`);
