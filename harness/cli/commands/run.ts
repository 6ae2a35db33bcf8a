/** `pep567 run`: run scenarios against one or more implementations, print results by area, write report.json. */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { LEVELS, type Level } from '../../compare/compare.ts';
import { ISOLATIONS, type Isolation } from '../../protocol/source.ts';
import { allSpecs } from '../../implementations/table.ts';
import { applyExpectations, assignFiles, describeUnexpected, gatePasses, loadExpectations, updateExpectations } from '../../run/expectations.ts';
import { writeOutputs } from '../../run/output.ts';
import { finish, formatHelp, liveReporters, parseFormatList, textReporter } from '../../run/reporters.ts';
import { openSession } from '../../run/session.ts';
import { chooseProgress } from '../../run/progress.ts';
import { defaultReference, explicitReference } from '../../run/reference.ts';
import { runReport } from '../../run/run.ts';
import { namedScenarios } from '../../run/select.ts';
import { UsageError } from '../../primitives/usage-error.ts';

interface RunFlags {
  impl: string[]; all?: boolean; reference?: string; runtime?: string;
  include: string[]; exclude: string[]; feature: string[]; excludeFeature: string[];
  totalChunks?: string; thisChunk?: string;
  level: string; report: string; timeout: string; timeoutMultiplier: string; repeat: string;
  fixtures?: string; traces?: string;
  expectations: string[]; updateExpectations?: boolean; allowUnexpectedPass?: boolean; strictExpectations?: boolean; format?: string;
  lastFailed?: boolean;
  inProcess?: boolean; isolation?: string;
}

function existingDir(dir: string, flag: string): string {
  const full = resolve(dir);
  if (!existsSync(full) || !statSync(full).isDirectory()) throw new UsageError(`${flag} ${dir}: no such folder`);
  return full.endsWith(sep) ? full : full + sep;
}

/** The longest delay a Node timer keeps (2^31 - 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

const collect = (v: string, prev: string[]) => [...prev, v];
/** A path relative to the working folder when it is inside it, else absolute. */
const nearPath = (p: string) => { const r = relative(process.cwd(), p); return r && !r.startsWith('..') ? r : p; };

function positive(v: string, flag: string, integer: boolean): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`${flag} ${v}: expected a positive ${integer ? 'integer' : 'number'}`);
  return n;
}

async function action(positionals: string[], flags: RunFlags): Promise<number> {
  if (!LEVELS.includes(flags.level as Level)) throw new UsageError(`--level ${flags.level}: expected semantic or strict`);
  const timeoutMs = Math.round(positive(flags.timeout, '--timeout', true) * positive(flags.timeoutMultiplier, '--timeout-multiplier', false));
  // A Node timer longer than this fires at once (it overflows): every scenario was TIMEOUT after 1 ms.
  if (!(timeoutMs >= 1 && timeoutMs <= MAX_TIMER_MS))
    throw new UsageError(`--timeout ${flags.timeout} × --timeout-multiplier ${flags.timeoutMultiplier}: the time limit must come to between 1 and ${MAX_TIMER_MS} ms (about 24 days)`);
  const repeat = positive(flags.repeat, '--repeat', true);
  if ((flags.totalChunks === undefined) !== (flags.thisChunk === undefined)) throw new UsageError('--total-chunks and --this-chunk go together');
  const chunk = flags.totalChunks === undefined ? undefined
    : { total: positive(flags.totalChunks, '--total-chunks', true), this: positive(flags.thisChunk!, '--this-chunk', true) };
  const fixturesDir = flags.fixtures === undefined ? undefined : existingDir(flags.fixtures, '--fixtures');
  const tracesDir = flags.traces === undefined ? undefined : existingDir(flags.traces, '--traces');
  if (flags.reference !== undefined) explicitReference(flags.reference, tracesDir);
  else defaultReference(tracesDir);
  if (flags.updateExpectations && !flags.expectations.length) throw new UsageError('--update-expectations needs --expectations FILE');
  const files = flags.expectations.map((f) => {
    if (existsSync(f) && statSync(f).isDirectory()) throw new UsageError(`--expectations ${f}: is a folder, not an expectation file`);
    return loadExpectations(resolve(f), !!flags.updateExpectations);
  });
  let formats: string[] = [];
  if (flags.format !== undefined) {
    try { formats = parseFormatList(flags.format); } catch (e) { throw new UsageError(`--format: ${(e as Error).message}`); }
  } else if (process.env.GITHUB_ACTIONS === 'true') formats = ['github']; // annotations inside Actions only, unless --format asks
  if (flags.isolation !== undefined && !ISOLATIONS.includes(flags.isolation as Isolation)) throw new UsageError(`--isolation ${flags.isolation}: expected ${ISOLATIONS.join(' or ')}`);
  if (flags.inProcess && flags.isolation !== undefined) throw new UsageError('--in-process and --isolation exclude each other');
  // Scenario ids, folders and fixture paths name scenarios as more --include globs do; --last-failed adds the previous report's failures.
  const named = namedScenarios(positionals, { ...(flags.lastFailed ? { lastFailed: join(resolve(flags.report), 'report.json') } : {}), ...(fixturesDir ? { fixturesDir } : {}) });
  if (named.nothing) { process.stdout.write(`${named.nothing}\n`); return 0; }
  const include = [...flags.include, ...named.include];
  const specs = flags.all ? [...new Set([...await allSpecs(), ...flags.impl])] : flags.impl.length ? flags.impl : named.specs ?? ['model'];
  if (!specs.length) throw new UsageError('--all found no implementation to run');
  // The report folder is checked now; a file that cannot apply (by the names the implementations report) is refused before the first scenario.
  const session = openSession(flags.report, specs, (b) => { assignFiles(b.implementations, files); }, liveReporters(chooseProgress(specs.length > 1 || repeat > 1)));
  const report = await runReport({
    specs, reference: flags.reference, runtime: flags.runtime, level: flags.level as Level,
    select: { include, exclude: flags.exclude, features: flags.feature, excludeFeatures: flags.excludeFeature, chunk },
    timeoutMs, repeat, fixturesDir, tracesDir,
    tolerateOpenFailures: !!flags.all,
    ...(flags.inProcess ? { inProcess: true } : {}), ...(flags.isolation ? { isolation: flags.isolation as Isolation } : {}),
    ...session.hooks,
  }).finally(session.release);
  const extra: (string | string[])[] = [];
  if (files.length) {
    if (flags.updateExpectations && report.interrupted) extra.push('expectation files not updated: the run was interrupted');
    else if (flags.updateExpectations) {
      const targets = assignFiles(report.runs.map((r) => r.implementation), files);
      files.forEach((f, i) => { const run = report.runs[targets[i]!]!; f.file = updateExpectations(run, f, session.corpus); extra.push(`updated ${f.path} for ${run.implementation.spec}`); });
    }
    applyExpectations(report, files, !!flags.allowUnexpectedPass, { corpus: session.corpus, strict: !!flags.strictExpectations });
  }
  session.ready();
  const out = writeOutputs(report, session.dir, { formats, ...(fixturesDir ? { fixturesDir } : {}) });
  session.end(report);
  const unstable = report.runs.some((r) => r.results.some((x) => x.unstable));
  if (report.expectations) {
    const lines = describeUnexpected(report);
    const c = report.expectations.counts;
    extra.push([`expectations: ${c.expected} as expected, ${c['new-failure']} new failure(s), ${c['changed-signature']} changed signature(s), ${c['unexpected-pass']} unexpected pass(es)${report.expectations.allowUnexpectedPass ? ' (allowed)' : ''}`,
      ...lines.map((l) => `  ${l}`)]);
  }
  if (report.interrupted) extra.push(`interrupted by ${report.interrupted.signal}: ${report.summary.notRun ?? 0} scenario(s) not run`);
  extra.push(`report: ${out.report}`);
  finish([textReporter(() => ({ extra, fullList: nearPath(out.matrixMd) }))], report, session.dir);
  const stopped = session.interruptedExit(report);
  if (stopped !== undefined) return stopped;
  if (report.expectations) return gatePasses(report) && !unstable ? 0 : 1;
  return report.summary.failed > 0 || unstable ? 1 : 0;
}

export function register(program: Command, setExit: (code: number) => void): void {
  program.command('run')
    .description('run scenarios against implementations and compare each with a recorded reference')
    .argument('[scenarios...]', 'scenario ids (tokens/reset-missing-removes), folders (tokens) or fixture files to run, as more --include globs')
    .option('--impl <spec>', 'model, mutant:NAME, a path to an adapter module, or another row of `pep567 list` (repeatable)', collect, [] as string[])
    .option('--all', 'every built-in implementation and every installed runtime')
    .option('--reference <impl-version>', 'reference traces for every implementation (default: the CPython of its version, else the newest)')
    .option('--in-process', 'run JavaScript adapters in the harness\'s own process (no host process: faster, not isolated)')
    .option('--isolation <mode>', 'implementation (one host process per implementation, the default for JS adapters) or scenario (a fresh host per scenario); puts the model and mutants in hosts too')
    .option('--runtime <name>', 'JS runtime for JS adapters (node20, node24, bun, deno, …)')
    .option('--include <glob>', 'only scenarios whose id matches, e.g. "tokens/*" or "**/reset-*" (repeatable)', collect, [] as string[])
    .option('--exclude <glob>', 'leave out scenarios whose id matches (repeatable)', collect, [] as string[])
    .option('--feature <name>', 'only scenarios using this feature (repeatable: any of them)', collect, [] as string[])
    .option('--exclude-feature <name>', 'leave out scenarios using this feature (repeatable)', collect, [] as string[])
    .option('--total-chunks <n>', 'split the scenarios into N chunks by a stable hash of their ids')
    .option('--this-chunk <k>', 'run chunk K (1..N)')
    .option('--level <level>', 'semantic (values and error kinds) or strict (messages too)', 'semantic')
    .option('--report <dir>', 'folder for report.json, matrix.json and matrix.md', 'report')
    .option('--timeout <ms>', 'per-scenario timeout in milliseconds', '5000')
    .option('--timeout-multiplier <x>', 'multiply the timeout (slow machines, runtimes under emulation)', '1')
    .option('--repeat <n>', 'run the selection N times and flag any scenario whose status changes', '1')
    .option('--fixtures <dir>', 'another scenario tree (default: fixtures/)')
    .option('--traces <dir>', 'another reference traces tree (default: reference/traces/)')
    .option('--expectations <file>', 'gate on known failures: exit 0 only when every result matches (repeatable, one file per implementation)', collect, [] as string[])
    .option('--update-expectations', 'rewrite the --expectations entries of the scenarios that ran')
    .option('--allow-unexpected-pass', 'with --expectations: a listed failure that now passes does not fail the run')
    .option('--strict-expectations', 'with --expectations: an entry whose reason is still a TODO fails the run')
    .option('--last-failed', 'rerun the scenarios that failed in the previous report of the --report folder (on its implementations unless --impl)')
    .option('--format <list>', formatHelp())
    .action(async (positionals: string[], flags: RunFlags) => { setExit(await action(positionals, flags)); });
}
