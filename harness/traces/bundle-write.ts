/**
 * Writes the scenario bundle (scenarios/bundle.ts has the layout and the reader): run by the build
 * (scripts/build.mjs) after tsc. Every fixture is validated here, once; with any malformed fixture
 * no bundle is written (and an old one is removed), so `pep567 run` reads the files and names them.
 * Each part's fingerprint and content hash are taken before its files are read: a file changed
 * while the build runs makes the part stale rather than wrongly fresh.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FORMAT, BUNDLE_PATH, contentHashOf, fingerprintOf, treeFiles, type BundleHeader, type BundledScenario, type PartHeader, type Span } from '../scenarios/bundle.ts';
import { FIXTURES_DIR, readAll } from '../scenarios/load.ts';
import type { FixtureError } from '../scenarios/validate.ts';
import { listReferences, loadTraces, traceIds, TRACES_DIR } from './traces.ts';

const part = (dir: string): PartHeader => { const files = treeFiles(dir); return { fingerprint: fingerprintOf(dir, files), hash: contentHashOf(dir, files) }; };

export interface Written { path: string; scenarios: number; references: number; traces: number; bytes: number }

export function writeBundle(o: { fixturesDir?: string; tracesDir?: string; path?: string } = {}): Written | { errors: FixtureError[] } {
  const fixturesDir = o.fixturesDir ?? FIXTURES_DIR, tracesDir = o.tracesDir ?? TRACES_DIR, path = o.path ?? BUNDLE_PATH;
  const chunks: Buffer[] = [];
  let at = 0;
  const put = (value: unknown): Span => {
    const b = Buffer.from(JSON.stringify(value), 'utf8');
    chunks.push(b);
    return [at, at += b.length];
  };

  const fixturesPart = part(fixturesDir);
  const { scenarios, errors } = readAll(fixturesDir);
  if (errors.length) { rmSync(path, { force: true }); return { errors }; }
  const bundled: BundledScenario[] = scenarios.map((s) => ({ id: s.id, file: `${s.id}.json`, area: s.area, scenario: s.scenario, hash: s.hash }));
  const header: BundleHeader = { format: BUNDLE_FORMAT, fixtures: { ...fixturesPart, scenarios: put(bundled) }, references: {} };

  let traces = 0;
  for (const ref of listReferences(tracesDir)) {
    const refPart = part(join(tracesDir, ref.dir));
    const ids = traceIds(ref, tracesDir);
    // Read from the files (the bundle being replaced may be stale).
    const read = loadTraces(ref, ids, tracesDir, { files: true });
    const index = Object.fromEntries(ids.map((id) => [id, put(read.get(id))]));
    header.references[ref.dir] = { ...refPart, index: put(index) };
    traces += ids.length;
  }

  const tmp = `${path}.${process.pid}.tmp`;
  const data = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), ...chunks]);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
  return { path, scenarios: bundled.length, references: Object.keys(header.references).length, traces, bytes: data.length };
}
