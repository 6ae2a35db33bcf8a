/**
 * `pep567 fuzz`: generated programs against an implementation, with the model or live CPython as
 * the oracle, plus the laws. A failure prints the seed, the path and the shrunk program as a
 * fixture; --promote writes that fixture into fixtures/regressions/.
 */
import type { Command } from 'commander';
import { join, relative } from 'node:path';
import { PROFILES, type Profile } from '../../fuzz/arbitraries.ts';
import { availableParallelism } from 'node:os';
import { DEFAULT_RUNS, OracleUnavailable, PROPERTY_NAMES, type OracleName } from '../../fuzz/campaign.ts';
import { runParallel } from '../../fuzz/workers.ts';
import { CORPUS_DIR, recordCorpus } from '../../fuzz/corpus.ts';
import { asFixture, promote } from '../../fuzz/regressions.ts';
import { UsageError } from '../../primitives/usage-error.ts';

interface Flags { profile: string; impl?: string; oracle?: string; runs: string; seed?: string; path?: string; python?: string; promote?: boolean; laws: boolean; recordCorpus?: boolean; workers?: string; property?: string; regressions: boolean }

const integer = (v: string, what: string, min: number): number => {
  if (!/^-?\d+$/.test(v) || Number(v) < min) throw new UsageError(`${what} expects an integer of at least ${min}, got ${JSON.stringify(v)}`);
  return Number(v);
};

async function recordCorpusAction(flags: Flags): Promise<number> {
  if (flags.impl || flags.oracle || flags.promote) throw new UsageError('--record-corpus takes only --python');
  const m = await recordCorpus(flags.python ?? 'python3');
  process.stdout.write(`recorded ${m.count} generated programs (seed ${m.seed}) with ${m.implementation.name} ${m.implementation.version} into ${relative(process.cwd(), join(CORPUS_DIR, m.file))}\n`);
  return 0;
}

async function action(flags: Flags): Promise<number> {
  if (flags.recordCorpus) return recordCorpusAction(flags);
  if (!flags.impl) throw new UsageError('--impl NAME is required (model, mutant:NAME or a module path)');
  if (flags.oracle !== undefined && flags.oracle !== 'model' && flags.oracle !== 'cpython')
    throw new UsageError(`--oracle expects model or cpython, got ${JSON.stringify(flags.oracle)}`);
  if (flags.python && flags.oracle !== 'cpython') throw new UsageError('--python only applies to --oracle cpython');
  if (!PROFILES.includes(flags.profile as Profile)) throw new UsageError(`--profile expects ${PROFILES.join(' or ')}, got ${JSON.stringify(flags.profile)}`);
  if (flags.property !== undefined && !PROPERTY_NAMES.includes(flags.property)) throw new UsageError(`--property expects one of ${PROPERTY_NAMES.join(', ')}, got ${JSON.stringify(flags.property)}`);
  if (flags.property === 'differential' && !flags.oracle) throw new UsageError('--property differential needs --oracle');
  if (flags.property !== undefined && flags.property !== 'differential' && !flags.laws) throw new UsageError(`--property ${flags.property} is a law: it does not go with --no-laws`);
  const runs = integer(flags.runs, '--runs', 1);
  // A fixed seed reproduces a run; without one, a fresh seed is drawn and printed.
  const seed = flags.seed === undefined ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : integer(flags.seed, '--seed', -0x80000000);
  const profile = flags.profile === 'full' ? '' : ` --profile ${flags.profile}`;
  const workers = flags.workers === undefined ? availableParallelism() : integer(flags.workers, '--workers', 1);
  process.stdout.write(`pep567 fuzz --impl ${flags.impl}${flags.oracle ? ` --oracle ${flags.oracle}` : ''}${profile} --runs ${runs} --seed ${seed} --workers ${workers}\n`);
  let result;
  try {
    result = await runParallel({
      impl: flags.impl, oracle: flags.oracle as OracleName | undefined, runs, seed, path: flags.path, python: flags.python,
      laws: flags.laws, profile: flags.profile as Profile, property: flags.property, replayRegressions: flags.regressions, log: (l) => process.stdout.write(l + '\n'), workers,
    });
  } catch (e) {
    if (e instanceof OracleUnavailable) throw new UsageError(e.message);
    throw e;
  }
  const f = result.failure;
  if (!f) {
    process.stdout.write(`all ${result.passed.length} properties held (seed ${seed})\n`);
    return 0;
  }
  process.stdout.write(`\n${f.message}\n\nseed ${f.seed}, path ${f.path ?? '(none)'}; shrunk program (${f.size} operations) as a fixture:\n`);
  process.stdout.write(JSON.stringify(asFixture(f), null, 2) + '\n');
  // The failing worker's own share replays it in one process: its seed and runs, that property
  // alone (a path fits no other) and the regression corpus only if that worker replayed it first.
  // The same interpreter too: another CPython version gates other operations, so other programs.
  const replayRuns = result.share?.runs ?? runs;
  const python = flags.python ? ` --python ${/^[\w./+-]+$/.test(flags.python) ? flags.python : JSON.stringify(flags.python)}` : '';
  process.stdout.write(`reproduce: npx pep567 fuzz --impl ${flags.impl}${flags.oracle ? ` --oracle ${flags.oracle}` : ''}${python}${profile}` +
    ` --runs ${replayRuns} --seed ${f.seed} --workers 1 --property ${f.name}${f.regressions ? '' : ' --no-regressions'}${f.path ? ` --path ${f.path}` : ''}\n`);
  if (flags.promote) {
    const p = promote(f);
    const where = relative(process.cwd(), p.file) || p.file;
    process.stdout.write(`${p.existed ? 'already promoted' : 'promoted'}: ${where}\n` +
      `record its CPython traces with: npx pep567 record --include '${p.id}'\n`);
  }
  return 1;
}

export function register(program: Command, setExit: (code: number) => void): void {
  program.command('fuzz')
    .description('check an implementation on generated programs: differential against an oracle, and laws that need none')
    .option('--impl <name>', 'implementation: model, mutant:NAME, or a path to an adapter module')
    .option('--oracle <model|cpython>', 'compare per-task traces with the reference model or live CPython')
    .option('--profile <full|run-scoped>', 'which programs to generate: full, or run-scoped (bindings only through with_value, no set or tokens)', 'full')
    .option('--runs <n>', 'generated programs per property', String(DEFAULT_RUNS))
    .option('--seed <s>', 'fast-check seed (printed on every run)')
    .option('--path <path>', 'replay the failure at this fast-check path (with its --seed and --property)')
    .option('--property <name>', `check only this property: ${PROPERTY_NAMES.join(', ')}`)
    .option('--no-regressions', 'do not replay the regression corpus first (as fuzz workers after the first)')
    .option('--python <path>', 'interpreter for --oracle cpython (default python3)')
    .option('--promote', 'write the shrunk counterexample into fixtures/regressions/')
    .option('--record-corpus', 're-record reference/corpus/ (generated programs from a fixed seed) with --python or python3')
    .option('--no-laws', 'skip the laws; run only the differential property')
    .option('--workers <n>', 'worker threads sharing the runs, each with its own seed (and its own CPython with --oracle cpython); default: the cores')
    .action(async (flags: Flags) => { setExit(await action(flags)); });
}
