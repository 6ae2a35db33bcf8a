/**
 * Recording Pyodide's traces as the 3.14 reference (`pep567 record --pyodide`): every scenario in
 * 3.14's range whose features Pyodide offers goes through the Pyodide runner and is written to
 * <out>/pyodide-<version>/<id>.json exactly as the CPython recordings are (reference/record.ts).
 */
import { join } from 'node:path';
import type { LoadedScenario } from '../fixtures/load.ts';
import { inRange } from '../fixtures/version-range.ts';
import { deleteStale, writeTrace, type PythonRecord } from '../reference/record.ts';
import { openPyodide } from './pyodide.ts';

/** Generous: a recording must not be cut short by a slow machine (the recorder's own guard is 10 s). */
const RECORD_TIMEOUT_MS = 30000;

export async function recordPyodide(scenarios: LoadedScenario[], outDir: string,
  owned: (id: string) => boolean = () => true, runtime?: string): Promise<PythonRecord> {
  const started = Date.now();
  const client = await openPyodide(runtime);
  const { version } = client.info;
  const dir = `pyodide-${version}`;
  const folder = join(outDir, dir);
  const result: PythonRecord = {
    python: { path: `pyodide@${client.info.runtime}`, name: 'pyodide', version, dir },
    recorded: [], skipped: [], failed: [], deleted: [], ms: 0,
  };
  const keep = new Set<string>();
  const offered = new Set(client.features);
  try {
    for (const s of scenarios) {
      if (!inRange(version, s.scenario.python)) { result.skipped.push({ id: s.id, range: s.scenario.python! }); continue; }
      const lacking = s.scenario.features.filter((f) => !offered.has(f));
      if (lacking.length) { result.skipped.push({ id: s.id, range: `${lacking.join(', ')} (not in Pyodide)` }); continue; }
      keep.add(s.id); // a failed recording keeps its old trace; the failure is reported
      const r = await client.exchange(s, RECORD_TIMEOUT_MS);
      if (!r.trace) {
        const at = r.pointer !== undefined ? ` at ${r.pointer || '/'}` : '';
        result.failed.push({ id: s.id, reason: `${r.failure.status}${at}: ${r.failure.message}` });
        continue;
      }
      writeTrace(folder, r.trace);
      result.recorded.push(s.id);
    }
  } finally {
    await client.close();
  }
  result.deleted.push(...deleteStale(folder, keep, owned));
  result.ms = Date.now() - started;
  return result;
}
