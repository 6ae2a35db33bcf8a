/** Which scenarios a run takes: globs on ids, features, and one chunk of a sharded corpus. Misuse is exit 2. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { FIXTURES_DIR, idOf, loadAll, scenarioFiles, type LoadedScenario } from '../scenarios/load.ts';
import { FAILING, type Selection } from '../report/report.ts';
import { UsageError } from '../primitives/usage-error.ts';
import { chunkOf } from './chunk.ts';
import { globMatcher, GlobError } from './glob.ts';

export interface SelectOptions {
  include?: string | string[];
  exclude?: string | string[];
  features?: string[];
  excludeFeatures?: string[];
  chunk?: { total: number; this: number };
  fixturesDir?: string;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function matchers(globs: string[]): ((id: string) => boolean)[] {
  try { return globs.map(globMatcher); } catch (e) { if (e instanceof GlobError) throw new UsageError(e.message); throw e; }
}

export function loadScenarios(fixturesDir?: string): LoadedScenario[] {
  const { scenarios, errors } = loadAll(fixturesDir);
  if (errors.length) throw new UsageError(`malformed fixture: ${errors[0]!.message.split('\n')[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`);
  return scenarios;
}

export function applySelection(all: LoadedScenario[], o: SelectOptions, knownFeatures?: ReadonlySet<string>): LoadedScenario[] {
  const inc = list(o.include), exc = list(o.exclude);
  const incM = matchers(inc), excM = matchers(exc);
  const feats = o.features ?? [], noFeats = o.excludeFeatures ?? [];
  if (knownFeatures) for (const f of [...feats, ...noFeats]) if (!knownFeatures.has(f)) throw new UsageError(`unknown feature ${JSON.stringify(f)}; see fixtures/features.json`);
  if (o.chunk) {
    const { total, this: k } = o.chunk;
    if (!Number.isInteger(total) || total < 1 || !Number.isInteger(k) || k < 1 || k > total)
      throw new UsageError(`--this-chunk ${k} of --total-chunks ${total}: expected 1 <= K <= N`);
  }
  const chosen = all.filter((s) =>
    (!incM.length || incM.some((m) => m(s.id))) &&
    !excM.some((m) => m(s.id)) &&
    (!feats.length || feats.some((f) => s.scenario.features.includes(f))) &&
    !noFeats.some((f) => s.scenario.features.includes(f)) &&
    (!o.chunk || chunkOf(s.id, o.chunk.total) === o.chunk.this));
  // An empty chunk is legitimate (small corpus, many chunks); an empty filter is a typo.
  if (!chosen.length && !o.chunk) {
    const what = [...inc.map((g) => `--include ${JSON.stringify(g)}`), ...exc.map((g) => `--exclude ${JSON.stringify(g)}`),
      ...feats.map((f) => `--feature ${f}`), ...noFeats.map((f) => `--exclude-feature ${f}`)].join(' ');
    throw new UsageError(`${what} matches no scenario`);
  }
  return chosen;
}

export function describeSelection(o: SelectOptions, count: number): Selection {
  return {
    include: list(o.include), exclude: list(o.exclude),
    features: o.features ?? [], excludeFeatures: o.excludeFeatures ?? [],
    chunk: o.chunk ?? null, scenarios: count,
  };
}

/**
 * Positional arguments of `pep567 run` (and the ids `--last-failed` reads) as include globs: a
 * scenario id (`tokens/reset-twice`), a folder of ids (`tokens`, `tokens/`), or a path to a fixture
 * file or folder under the fixtures tree (`fixtures/tokens/reset-twice.json`, `./fixtures/tokens`).
 * Each must name at least one scenario; an argument that names none is exit 2 with its reason.
 */
export function positionalGlobs(args: readonly string[], ids: readonly string[], fixturesDir: string = FIXTURES_DIR): string[] {
  const known = new Set(ids);
  const root = resolve(fixturesDir);
  return args.map((arg) => {
    const asId = arg.replace(/\\/g, '/').replace(/\/+$/, '').replace(/\.json$/, '');
    if (known.has(asId)) return asId;
    if (asId && ids.some((id) => id.startsWith(`${asId}/`))) return `${asId}/**`;
    const full = resolve(arg);
    if (existsSync(full)) {
      const rel = relative(root, full).split(sep).join('/');
      if (rel.startsWith('..') || resolve(root, rel) !== full) throw new UsageError(`${arg}: not under the fixtures folder ${relative(process.cwd(), root) || root}`);
      const id = rel.replace(/\.json$/, '');
      if (statSync(full).isFile() && known.has(id)) return id;
      if (statSync(full).isDirectory() && (rel === '' || ids.some((x) => x.startsWith(`${id}/`)))) return rel === '' ? '**' : `${id}/**`;
      throw new UsageError(`${arg}: no scenario in it`);
    }
    throw new UsageError(`${arg}: not a scenario id, a folder of scenarios or a fixture file (\`pep567 list\` names them)`);
  });
}

/** Kept for callers of the first version: one include glob. */
export function selectScenarios(include: string | undefined, fixturesDir?: string): LoadedScenario[] {
  return applySelection(loadScenarios(fixturesDir), { include });
}

/** `--last-failed`: the failing scenario ids of a previous report.json, and the implementations they failed on. */
export function lastFailed(file: string): { ids: string[]; specs: string[] } {
  if (!existsSync(file)) throw new UsageError(`--last-failed: no previous report at ${relative(process.cwd(), file) || file}; run once first, or name its folder with --report`);
  let report: { runs?: { implementation: { spec: string }; results: { id: string; status: string }[] }[] };
  try { report = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new UsageError(`--last-failed: ${file}: not valid JSON: ${(e as Error).message}`); }
  if (!Array.isArray(report.runs)) throw new UsageError(`--last-failed: ${file}: not a pep567-report/2 or 2.1 report`);
  const ids = new Set<string>(), specs: string[] = [];
  for (const run of report.runs) {
    const bad = run.results.filter((r) => (FAILING as readonly string[]).includes(r.status));
    for (const r of bad) ids.add(r.id);
    if (bad.length) specs.push(run.implementation.spec);
  }
  return { ids: [...ids].sort(), specs };
}

/**
 * What `pep567 run`'s positional arguments and `--last-failed` add to the selection: include globs,
 * the previous report's failing implementations (the default when no --impl is given), or, when the
 * previous report has no failure, the line to print instead of running.
 */
export function namedScenarios(positionals: readonly string[], o: { lastFailed?: string; fixturesDir?: string } = {}): { include: string[]; specs?: string[]; nothing?: string } {
  const dir = o.fixturesDir ?? FIXTURES_DIR;
  // The tree is walked only when something is named (a plain run names nothing).
  if (!positionals.length && o.lastFailed === undefined) return { include: [] };
  const ids = scenarioFiles(dir).map((f) => idOf(f, dir));
  const include = positionalGlobs(positionals, ids, dir);
  if (o.lastFailed === undefined) return { include };
  const previous = lastFailed(o.lastFailed);
  if (!previous.ids.length) return { include, nothing: `--last-failed: ${relative(process.cwd(), o.lastFailed) || o.lastFailed} has no failure; nothing to rerun` };
  const still = previous.ids.filter((id) => ids.includes(id));
  if (!still.length) throw new UsageError(`--last-failed: none of the ${previous.ids.length} failed scenario(s) exists any more`);
  return { include: [...include, ...still], specs: previous.specs };
}
