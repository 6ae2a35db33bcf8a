/**
 * Recording reference traces: every scenario in a Python's version range is run through
 * recorder.py under that Python and written to <out>/<impl>-<version>/<id>.json; traces whose
 * scenario is gone or out of range are deleted. A scenario in range that the reference cannot
 * record (Pyodide without eager tasks) is listed with the reason in the folder's manifest,
 * unrecorded.json. Also the byte-for-byte comparison of two trace trees that `record --check` uses.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { LoadedScenario } from '../scenarios/load.ts';
import { inRange } from '../primitives/version-range.ts';
import { UNRECORDED_FORMAT, type Trace, type UnrecordedManifest, type UnrecordedScenario } from '../format/trace.ts';
import type { PythonInfo } from '../pythons/pythons.ts';
import { PythonRunner } from '../pythons/python-runner.ts';
import { jsonIds, readUnrecorded, UNRECORDED_FILE } from './traces.ts';

export interface PythonRecord {
  python: PythonInfo;
  recorded: string[];
  /** Not recorded: out of the reference's range, or in range and unrecordable (`unrecordable`, listed in the manifest). */
  skipped: { id: string; reason: string; unrecordable?: true }[];
  failed: { id: string; reason: string }[];
  deleted: string[];
  ms: number;
}

/** Writes one trace file under a reference folder. */
export function writeTrace(folder: string, trace: Trace): void {
  const file = join(folder, `${trace.scenario}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(trace, null, 2) + '\n');
}

/** Deletes the traces of this folder that this recording owns but did not keep; returns their ids. */
function deleteStale(folder: string, keep: ReadonlySet<string>, owned: (id: string) => boolean): string[] {
  const deleted: string[] = [];
  for (const id of jsonIds(folder)) {
    if (keep.has(id) || !owned(id)) continue;
    const file = join(folder, `${id}.json`);
    unlinkSync(file);
    removeEmptyDirs(dirname(file), folder);
    deleted.push(id);
  }
  return deleted;
}

function removeEmptyDirs(dir: string, root: string): void {
  while (dir !== root && dir.startsWith(root) && existsSync(dir) && readdirSync(dir).length === 0) {
    rmdirSync(dir);
    dir = dirname(dir);
  }
}

/**
 * Rewrites the folder's manifest: the unrecordable scenarios this run owns replace the listed
 * ones it owns; those it does not own stay as they were (as their traces do).
 */
function writeUnrecorded(folder: string, fresh: UnrecordedScenario[], owned: (id: string) => boolean): void {
  const kept = (readUnrecorded(folder)?.unrecorded ?? []).filter((u) => !owned(u.scenario));
  const unrecorded = [...kept, ...fresh].sort((a, b) => (a.scenario < b.scenario ? -1 : a.scenario > b.scenario ? 1 : 0));
  const manifest: UnrecordedManifest = { format: UNRECORDED_FORMAT, unrecorded };
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, UNRECORDED_FILE), JSON.stringify(manifest, null, 2) + '\n');
}

/** Why a scenario is not recorded: out of the reference's version range, or in range and not recordable there. */
export interface Skip { reason: string; inRange: boolean }

/**
 * The loop every recording shares: each scenario is skipped (`skip` says why; one in range is
 * listed in the manifest with that reason), recorded into `folder`, or failed (`record` says why;
 * its old trace is kept, and nothing is listed: a gap the run reports as ERROR); then the traces
 * this run owns but did not keep are deleted. Fills `result`.
 */
export async function recordInto(folder: string, scenarios: LoadedScenario[], owned: (id: string) => boolean,
  result: PythonRecord, skip: (s: LoadedScenario) => Skip | undefined,
  record: (s: LoadedScenario) => Promise<Trace | { reason: string }>): Promise<void> {
  const keep = new Set<string>();
  const unrecorded: UnrecordedScenario[] = [];
  for (const s of scenarios) {
    const why = skip(s);
    if (why !== undefined) {
      result.skipped.push({ id: s.id, reason: why.reason, ...(why.inRange ? { unrecordable: true as const } : {}) });
      if (why.inRange) unrecorded.push({ scenario: s.id, scenarioHash: s.hash, reason: why.reason });
      continue;
    }
    keep.add(s.id); // a failed recording keeps its old trace: the failure is reported instead
    const r = await record(s);
    if ('reason' in r) { result.failed.push({ id: s.id, reason: r.reason }); continue; }
    writeTrace(folder, r);
    result.recorded.push(s.id);
  }
  result.deleted.push(...deleteStale(folder, keep, owned));
  writeUnrecorded(folder, unrecorded, owned);
}

/** Skipped for the scenario's version range. */
export const outOfRange = (version: string, s: LoadedScenario): Skip | undefined =>
  (inRange(version, s.scenario.python) ? undefined : { reason: `requires ${s.scenario.python!}`, inRange: false });

/**
 * Record `scenarios` under one Python into `outDir`. `owned` says which trace ids this run is
 * responsible for (all by default; narrower with --include), so stale deletion never touches
 * traces of scenarios it was not asked about.
 */
export async function recordPython(python: PythonInfo, scenarios: LoadedScenario[], outDir: string,
  owned: (id: string) => boolean = () => true): Promise<PythonRecord> {
  const started = Date.now();
  const result: PythonRecord = { python, recorded: [], skipped: [], failed: [], deleted: [], ms: 0 };
  const runner = new PythonRunner({ python: python.path });
  try {
    await recordInto(join(outDir, python.dir), scenarios, owned, result,
      // A CPython records every scenario in its range: an operation it lacks records its error there.
      (s) => outOfRange(python.version, s),
      async (s) => {
        const r = await runner.run(s.id, s.scenario);
        if (r.error) {
          const at = r.error.pointer !== undefined ? ` at ${r.error.pointer || '/'}` : '';
          return { reason: `${r.error.kind}${at}: ${r.error.message}` };
        }
        if (r.trace.scenarioHash !== s.hash) return { reason: `recorder hashed the scenario as ${r.trace.scenarioHash}, the harness as ${s.hash}` };
        return r.trace;
      });
  } finally {
    await runner.close();
  }
  result.ms = Date.now() - started;
  return result;
}

/** Record every Python, a few at a time (each Python runs its scenarios one after another). */
export async function recordAll(pythons: PythonInfo[], scenarios: LoadedScenario[], outDir: string,
  owned: (id: string) => boolean = () => true, onDone: (r: PythonRecord) => void = () => {}): Promise<PythonRecord[]> {
  const results: PythonRecord[] = new Array(pythons.length);
  let next = 0;
  const worker = async () => {
    while (next < pythons.length) {
      const i = next++;
      results[i] = await recordPython(pythons[i]!, scenarios, outDir, owned);
      onDone(results[i]!);
    }
  };
  const width = Math.max(1, Math.min(availableParallelism(), pythons.length));
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

export interface TreeDifference { kind: 'differs' | 'missing' | 'extra'; file: string }

/**
 * Compare the trace folders `dirs` of `fresh` with those of `reference`, byte for byte, limited to
 * ids `owned` accepts. missing: recorded now but absent from reference; extra: in reference only.
 */
export function compareTrees(fresh: string, reference: string, dirs: string[],
  owned: (id: string) => boolean = () => true): TreeDifference[] {
  const out: TreeDifference[] = [];
  for (const d of dirs) {
    const listed = (root: string) => readUnrecorded(join(root, d))?.unrecorded.filter((u) => owned(u.scenario));
    const [now, before] = [listed(fresh), listed(reference)];
    const file = `${d}/${UNRECORDED_FILE}`;
    if (now && !before) out.push({ kind: 'missing', file });
    else if (!now && before) out.push({ kind: 'extra', file });
    else if (JSON.stringify(now) !== JSON.stringify(before)) out.push({ kind: 'differs', file });
    const a = new Set(jsonIds(join(fresh, d)).filter(owned));
    const b = new Set(jsonIds(join(reference, d)).filter(owned));
    for (const id of [...new Set([...a, ...b])].sort()) {
      const file = `${d}/${id}.json`;
      if (!b.has(id)) out.push({ kind: 'missing', file });
      else if (!a.has(id)) out.push({ kind: 'extra', file });
      else if (!readFileSync(join(fresh, file)).equals(readFileSync(join(reference, file)))) out.push({ kind: 'differs', file });
    }
  }
  return out;
}
