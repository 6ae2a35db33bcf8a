/**
 * Recorded reference traces: reference/traces/<implementation>-<version>/<scenario id>.json.
 * Only the comparator and the record/check commands read them; nothing that produces results may.
 * The repository's own traces come from the build's bundle while it is fresh (scenarios/bundle.ts).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UNRECORDED_FORMAT, type Trace, type UnrecordedManifest, type UnrecordedScenario } from '../format/trace.ts';
import { bundledTraces } from '../scenarios/bundle.ts';
import { join, resolve } from 'node:path';

export const TRACES_DIR = fileURLToPath(new URL('../../reference/traces/', import.meta.url));

export interface ReferenceId {
  /** Folder name, e.g. "cpython-3.11.7". */
  dir: string;
  name: string;
  version: string;
}

export function parseReference(dir: string): ReferenceId {
  const m = /^([a-z][a-z0-9_.]*)-(\d+\.\d+\.\d+\w*)$/.exec(dir);
  if (!m) throw new Error(`not a reference name (IMPL-VERSION): ${dir}`);
  return { dir, name: m[1]!, version: m[2]! };
}

function versionKey(v: string): number[] {
  return v.split(/[.]/).map((p) => parseInt(p, 10) || 0);
}
export function compareVersions(a: string, b: string): number {
  const x = versionKey(a), y = versionKey(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** Every recorded reference, oldest first within each implementation. */
export function listReferences(dir = TRACES_DIR): ReferenceId[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory())
    .map(parseReference).sort((a, b) => a.name.localeCompare(b.name) || compareVersions(a.version, b.version));
}

/** The canonical reference: the newest natively recorded CPython. */
export function canonicalReference(dir = TRACES_DIR): ReferenceId | undefined {
  return listReferences(dir).filter((r) => r.name === 'cpython').at(-1);
}

export function tracePath(ref: ReferenceId, id: string, dir = TRACES_DIR): string {
  return join(dir, ref.dir, `${id}.json`);
}

/** One trace, from its file (a bundle would be checked fresh on every call: loadTraces for many). */
export function loadTrace(ref: ReferenceId, id: string, dir = TRACES_DIR): Trace | undefined {
  return loadTraces(ref, [id], dir, { files: true }).get(id);
}

/** The traces of a run's scenarios (undefined where none was recorded): the bundle checked fresh once, else the files. */
export function loadTraces(ref: ReferenceId, ids: readonly string[], dir = TRACES_DIR, o: { files?: boolean } = {}): Map<string, Trace | undefined> {
  const bundled = !o.files && resolve(dir) === resolve(TRACES_DIR) ? bundledTraces(ref.dir, TRACES_DIR) : undefined;
  return new Map(ids.map((id) => {
    if (bundled) return [id, bundled(id) as Trace | undefined];
    const p = tracePath(ref, id, dir);
    return [id, existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) as Trace : undefined];
  }));
}

/**
 * The manifest beside a reference's traces: the scenarios in its range it did not record, and why
 * (format/trace.ts). Traces lie in area folders, so this top-level file is never taken for one.
 */
export const UNRECORDED_FILE = 'unrecorded.json';

export function unrecordedPath(ref: ReferenceId, dir = TRACES_DIR): string {
  return join(dir, ref.dir, UNRECORDED_FILE);
}

/** A reference folder's manifest, or undefined when it has none (recorded before manifests) or one of another format. */
export function readUnrecorded(folder: string): UnrecordedManifest | undefined {
  const file = join(folder, UNRECORDED_FILE);
  if (!existsSync(file)) return undefined;
  const m = JSON.parse(readFileSync(file, 'utf8')) as UnrecordedManifest;
  return m?.format === UNRECORDED_FORMAT && Array.isArray(m.unrecorded) ? m : undefined;
}

/** The scenarios a reference says it did not record, by id (empty without a manifest: every missing trace is then a gap). */
export function loadUnrecorded(ref: ReferenceId, dir = TRACES_DIR): Map<string, UnrecordedScenario> {
  return new Map((readUnrecorded(join(dir, ref.dir))?.unrecorded ?? []).map((u) => [u.scenario, u]));
}

/** Ids of every trace recorded for a reference. */
export function traceIds(ref: ReferenceId, dir = TRACES_DIR): string[] {
  return jsonIds(join(dir, ref.dir));
}

/**
 * Every trace file of a reference folder, as ids relative to it ("tokens/x"), sorted: the .json
 * files of its area folders (a scenario always has an area; the top level holds the manifest).
 */
export function jsonIds(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string, prefix: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) visit(p, `${prefix}${n}/`);
      else if (prefix && n.endsWith('.json')) out.push(prefix + n.slice(0, -5));
    }
  };
  if (existsSync(dir)) visit(dir, '');
  return out;
}
