/**
 * Recording Pyodide's traces as the 3.14 reference (`pep567 record --pyodide`): every scenario in
 * 3.14's range whose features Pyodide offers goes through the Pyodide runner and is written to
 * <out>/pyodide-<version>/<id>.json exactly as the CPython recordings are (traces/record.ts). A
 * scenario in range needing a feature Pyodide does not offer is listed, with the features, in that
 * folder's unrecorded.json.
 */
import { join } from 'node:path';
import type { LoadedScenario } from '../scenarios/load.ts';
import { outOfRange, recordInto, type PythonRecord } from '../traces/record.ts';
import { openPyodide } from './pyodide.ts';

/** Generous: a recording must not be cut short by a slow machine (the recorder's own guard is 10 s). */
const RECORD_TIMEOUT_MS = 30000;

export async function recordPyodide(scenarios: LoadedScenario[], outDir: string,
  owned: (id: string) => boolean = () => true, runtime?: string): Promise<PythonRecord> {
  const started = Date.now();
  const client = await openPyodide(runtime);
  const { version } = client.info;
  const dir = `pyodide-${version}`;
  const result: PythonRecord = {
    python: { path: `pyodide@${client.info.runtime}`, name: 'pyodide', version, dir },
    recorded: [], skipped: [], failed: [], deleted: [], ms: 0,
  };
  const offered = new Set(client.features);
  try {
    await recordInto(join(outDir, dir), scenarios, owned, result,
      (s) => {
        const range = outOfRange(version, s);
        if (range) return range;
        // In range but not recordable here: listed with the reason in the folder's manifest, so a run says SKIPPED, not ERROR.
        const lacking = s.scenario.features.filter((f) => !offered.has(f));
        return lacking.length ? { reason: `requires ${lacking.join(', ')} (not in Pyodide)`, inRange: true } : undefined;
      },
      async (s) => {
        const r = await client.exchange(s, RECORD_TIMEOUT_MS);
        if (r.trace) return r.trace;
        const at = r.pointer !== undefined ? ` at ${r.pointer || '/'}` : '';
        return { reason: `${r.failure.status}${at}: ${r.failure.message}` };
      });
  } finally {
    await client.close();
  }
  result.ms = Date.now() - started;
  return result;
}
