/**
 * Whether two builds of the package generate the same fuzz programs: for each gate (every
 * operation; CPython 3.8, 3.11 and 3.13 without Token as a context manager; a JavaScript-like
 * feature set), profile and seed, the sha256 of N scenarios (fc.sample of scenarioArb) with each
 * one's orderFree (which laws apply), in A and in B. Exit 1 when one differs. For a change that
 * claims the same programs (a refactoring of harness/fuzz/, a row that derives its generator).
 *
 *   node --import tsx harness/bench/fuzz-hash.ts A/dist B/dist [N (5000)]
 *
 * A build of another commit: `git archive COMMIT | tar x -C DIR`, node_modules linked, `node scripts/build.mjs`.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';

const [a, b, n = '5000'] = process.argv.slice(2);
if (!a || !b) { process.stderr.write('usage: fuzz-hash.ts A/dist B/dist [N]\n'); process.exit(2); }
type Arbitraries = typeof import('../fuzz/arbitraries.ts');
type Laws = typeof import('../fuzz/laws.ts');
type Features = typeof import('../primitives/features.ts');
const load = async <T>(dist: string, file: string): Promise<T> => import(pathToFileURL(resolve(dist, file)).href) as Promise<T>;

async function hashes(dist: string): Promise<Map<string, string>> {
  const { scenarioArb } = await load<Arbitraries>(dist, 'fuzz/arbitraries.js');
  const { orderFree } = await load<Laws>(dist, 'fuzz/laws.js');
  const { FEATURES } = await load<Features>(dist, 'primitives/features.js');
  const all = Object.keys(FEATURES);
  const cpython = (python: string) => ({ features: new Set(all.filter((f) => f !== 'token_context_manager')), python });
  const gates = {
    open: undefined, 'cpython-3.8': cpython('3.8.18'), 'cpython-3.11': cpython('3.11.7'), 'cpython-3.13': cpython('3.13.0'),
    'js-like': { features: new Set(all.filter((f) => !FEATURES[f]!.pythonOnly && !['token_context_manager', 'cancel_requests', 'timeouts'].includes(f))) },
  };
  const out = new Map<string, string>();
  for (const [gate, g] of Object.entries(gates)) for (const profile of ['full', 'run-scoped'] as const) for (const seed of [1, 5, 4242]) {
    const h = createHash('sha256');
    for (const s of fc.sample(scenarioArb(undefined, profile, g), { numRuns: Number(n), seed })) h.update(`${JSON.stringify(s)}\n${orderFree(s.program)}\n`);
    out.set(`${gate} ${profile} seed ${seed}`, h.digest('hex').slice(0, 16));
  }
  return out;
}

const [ha, hb] = [await hashes(a), await hashes(b)];
let differ = 0;
for (const [key, x] of ha) {
  const y = hb.get(key)!;
  if (x !== y) differ++;
  process.stdout.write(`${key.padEnd(30)} A ${x}  B ${y}  ${x === y ? 'same' : 'DIFFERENT'}\n`);
}
process.stdout.write(`${ha.size - differ} of ${ha.size} the same (${n} scenarios each)\n`);
process.exit(differ ? 1 : 0);
