/**
 * One run shared by the spec files that judge it (issue 17: specs judging the same run share its
 * report). The first caller in a mocha run makes it and writes it into the run's shared folder
 * (PEP567_SPECS_SHARED, from the global fixture shared-runs.mjs); callers in the other parallel
 * worker wait for the file and read it. Without that folder (a spec file run on its own through a
 * config without the fixture), each process makes its own, once.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Report } from '../../harness/report/report.ts';
import { readmeReport } from '../../harness/run/readme.ts';

const made = new Map<string, Promise<Report>>();
/** How long a waiting worker gives the maker: the run's own timeout is the spec's. */
const WAIT_MS = 600_000;

async function shared(name: string, make: () => Promise<Report>): Promise<Report> {
  const dir = process.env.PEP567_SPECS_SHARED;
  if (!dir) return make();
  const file = join(dir, `${name}.json`), failed = join(dir, `${name}.error`), lock = join(dir, `${name}.lock`);
  const read = (): Report => JSON.parse(readFileSync(file, 'utf8'));
  if (existsSync(file)) return read();
  try { mkdirSync(lock); } catch {
    // Another worker is making it.
    for (let waited = 0; waited < WAIT_MS; waited += 100) {
      if (existsSync(file)) return read();
      if (existsSync(failed)) throw new Error(`the shared run ${name} failed in another worker: ${readFileSync(failed, 'utf8')}`);
      await sleep(100);
    }
    throw new Error(`the shared run ${name} was not made within ${WAIT_MS / 1000} s (${lock})`);
  }
  try {
    const report = await make();
    // Written whole, then renamed: a waiting worker never reads half a file.
    writeFileSync(`${file}.part`, JSON.stringify(report));
    renameSync(`${file}.part`, file);
    // The same round trip through JSON the waiting workers get.
    return read();
  } catch (e) {
    writeFileSync(failed, e instanceof Error ? e.stack ?? e.message : String(e));
    throw e;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A run made once per mocha run (once per process without the shared folder). */
function once(name: string, make: () => Promise<Report>): Promise<Report> {
  let p = made.get(name);
  if (!p) { p = shared(name, make); made.set(name, p); }
  return p;
}

/**
 * The README matrix's run (harness/run/readme.ts: the model and the JavaScript adapters every clone
 * has, every scenario, canonical reference, semantic level): the README staleness check renders it,
 * and the adapter specs judge their own row of it.
 */
export const readmeRun = (): Promise<Report> => once('readme', readmeReport);
