/**
 * The recorded generated corpus: programs from a fixed seed with the traces live CPython gave for
 * them, so the model is checked against CPython on generated programs where no Python is
 * installed. Written only by `pep567 fuzz --record-corpus`; read by suites/properties/corpus.spec.ts.
 *
 * Layout: reference/corpus/manifest.json (seed, count, interpreter) and
 * reference/corpus/<implementation>-<version>.jsonl, one {"scenario", "trace"} object per line.
 */
import fc from 'fast-check';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../format/scenario.ts';
import type { Trace } from '../format/trace.ts';
import { PythonRunner } from '../pythons/python-runner.ts';
import { scenarioArb } from './arbitraries.ts';

export const CORPUS_DIR = fileURLToPath(new URL('../../reference/corpus/', import.meta.url));
export const CORPUS_SEED = 567;
export const CORPUS_SIZE = 600;

export interface CorpusManifest { seed: number; count: number; file: string; implementation: Trace['implementation'] }
export interface CorpusEntry { scenario: Scenario; trace: Trace }

export const corpusId = (i: number) => `generated/corpus-${String(i).padStart(4, '0')}`;

/** Generates the programs and records each with the interpreter; a program CPython refuses is an error. */
export async function recordCorpus(python: string, opts: { seed?: number; count?: number; dir?: string } = {}): Promise<CorpusManifest> {
  const seed = opts.seed ?? CORPUS_SEED, count = opts.count ?? CORPUS_SIZE, dir = opts.dir ?? CORPUS_DIR;
  const scenarios = fc.sample(scenarioArb(), { numRuns: count, seed });
  const runner = new PythonRunner({ python });
  try {
    const hs = await runner.start();
    const lines: string[] = [];
    for (let i = 0; i < scenarios.length; i++) {
      const r = await runner.run(corpusId(i), scenarios[i]);
      if (r.error) throw new Error(`${corpusId(i)}: ${python} gave ${r.error.kind}: ${r.error.message}`);
      lines.push(JSON.stringify({ scenario: scenarios[i], trace: r.trace }));
    }
    const file = `${hs.implementation.name}-${hs.implementation.version}.jsonl`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, file), lines.join('\n') + '\n');
    const manifest: CorpusManifest = { seed, count, file, implementation: { name: hs.implementation.name, version: hs.implementation.version } };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    return manifest;
  } finally {
    await runner.close();
  }
}

export function loadCorpus(dir = CORPUS_DIR): { manifest: CorpusManifest; entries: CorpusEntry[] } | undefined {
  const m = join(dir, 'manifest.json');
  if (!existsSync(m)) return undefined;
  const manifest = JSON.parse(readFileSync(m, 'utf8')) as CorpusManifest;
  const entries = readFileSync(join(dir, manifest.file), 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusEntry);
  return { manifest, entries };
}
