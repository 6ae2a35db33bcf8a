/** `pep567 run`: run scenarios against an implementation, print results by area, write report.json. */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { LEVELS, type Level } from '../../compare/compare.ts';
import { resolveImplementation } from '../../implementations/registry.ts';
import { canonicalReference, listReferences, parseReference, type ReferenceId } from '../../reference/traces.ts';
import { renderText } from '../../report/text.ts';
import { writeReport } from '../../report/write.ts';
import { runAll } from '../../run/run.ts';
import { UsageError } from '../usage-error.ts';

interface RunFlags { impl: string; reference?: string; include?: string; level: string; report: string; timeout: string; fixtures?: string; traces?: string }

export function chooseReference(name: string | undefined, tracesDir?: string): ReferenceId {
  const known = listReferences(tracesDir);
  if (name === undefined) {
    const c = canonicalReference(tracesDir);
    if (!c) throw new UsageError('no reference traces are recorded yet (reference/traces/ is empty); run `pep567 record` first');
    return c;
  }
  let wanted: ReferenceId;
  try { wanted = parseReference(name); } catch { throw new UsageError(`--reference ${name}: expected IMPL-VERSION, e.g. cpython-3.11.7`); }
  const found = known.find((r) => r.dir === wanted.dir);
  if (!found) throw new UsageError(`unknown reference ${name}; recorded: ${known.map((r) => r.dir).join(', ') || '(none)'}`);
  return found;
}

function existingDir(dir: string, flag: string): string {
  const full = resolve(dir);
  if (!existsSync(full) || !statSync(full).isDirectory()) throw new UsageError(`${flag} ${dir}: no such folder`);
  return full.endsWith(sep) ? full : full + sep;
}

export function register(program: Command, setExit: (code: number) => void): void {
  program.command('run')
    .description('run scenarios against an implementation and compare with a recorded reference')
    .option('--impl <name|path>', 'model, mutant:NAME, or a path to an adapter module', 'model')
    .option('--reference <impl-version>', 'reference traces to compare with (default: the newest recorded CPython)')
    .option('--include <glob>', 'only scenarios whose id matches, e.g. "tokens/*" or "**/reset-*"')
    .option('--level <level>', 'semantic (values and error kinds) or strict (messages too)', 'semantic')
    .option('--report <dir>', 'folder for report.json', 'report')
    .option('--timeout <ms>', 'per-scenario timeout in milliseconds', '5000')
    .option('--fixtures <dir>', 'another scenario tree (default: fixtures/)')
    .option('--traces <dir>', 'another reference traces tree (default: reference/traces/)')
    .action(async (flags: RunFlags) => {
      if (!LEVELS.includes(flags.level as Level)) throw new UsageError(`--level ${flags.level}: expected semantic or strict`);
      const timeoutMs = Number(flags.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout ${flags.timeout}: expected a positive integer of milliseconds`);
      const fixturesDir = flags.fixtures === undefined ? undefined : existingDir(flags.fixtures, '--fixtures');
      const tracesDir = flags.traces === undefined ? undefined : existingDir(flags.traces, '--traces');
      const reference = chooseReference(flags.reference, tracesDir);
      const implementation = await resolveImplementation(flags.impl);
      const report = await runAll({ implementation, reference, level: flags.level as Level, include: flags.include, timeoutMs, fixturesDir, tracesDir });
      const file = writeReport(report, resolve(flags.report));
      process.stdout.write(renderText(report, file));
      setExit(report.summary.failed > 0 ? 1 : 0);
    });
}
