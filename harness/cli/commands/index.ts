/**
 * The commands, as a light table: `pep567 --help` and the usage line need only names and
 * descriptions, so a command's module (and everything it imports) loads only when that command
 * runs or shows its own help. Each module exports `register(program, setExit)`; keep its
 * description equal to the one here (suites/harness/cli-table.spec.ts checks it).
 * Keep the import specifiers literal: the build rewrites only literal `.ts` specifiers to `.js`.
 */
import type { Command } from 'commander';
import { needsPackages } from '../../adapters/optional-packages.ts';
import { UsageError } from '../../primitives/usage-error.ts';

/** A command registers itself on the program; it reports its exit code through setExit. */
export type Register = (program: Command, setExit: (code: number) => void) => void;

export interface CommandEntry { name: string; description: string; load: () => Promise<{ register: Register }> }

/** A command that needs an optional dependency (package.json's optional peers) loads only when it is installed. */
function needing(what: string, packages: string[], load: () => Promise<{ register: Register }>): Promise<{ register: Register }> {
  const needs = needsPackages(what, packages);
  return needs ? Promise.reject(new UsageError(needs)) : load();
}

export const COMMANDS: CommandEntry[] = [
  { name: 'run', description: 'run scenarios against implementations and compare each with a recorded reference', load: () => import('./run.ts') },
  { name: 'list', description: 'list the scenarios, the built-in implementations and the recorded references', load: () => import('./list.ts') },
  { name: 'record', description: 'record reference traces with every CPython found (python3, pyenv, --python), or check them', load: () => import('./record.ts') },
  { name: 'coverage', description: 'regenerate reference/coverage.md (CPython context tests -> scenarios); --check exits 1 when it is stale', load: () => import('./coverage.ts') },
  { name: 'fuzz', description: 'check an implementation on generated programs: differential against an oracle, and laws that need none', load: () => needing('pep567 fuzz', ['fast-check'], () => import('./fuzz.ts')) },
  { name: 'report', description: 'render a report.json as html, md (matrix.md), junit (junit.xml) or github (annotations and step summary)', load: () => import('./report.ts') },
  { name: 'merge', description: 'merge shard reports (--total-chunks/--this-chunk) or per-implementation reports into one report folder', load: () => import('./merge.ts') },
  { name: 'matrix', description: 'regenerate the comparison matrix in README.md (model and the in-process JS adapters); --check exits 1 when it is stale', load: () => import('./matrix.ts') },
  { name: 'show', description: 'print a scenario as the Python program the recorder runs for it (runnable with python3), with its recorded trace', load: () => import('./show.ts') },
  { name: 'init', description: 'write an adapter skeleton for your library (full PEP 567, run-scoped, or both; JavaScript or TypeScript), npm scripts and a GitHub workflow', load: () => import('./init.ts') },
  { name: 'diff', description: 'compare two report.json files per implementation: regressions, fixes, other changes, new scenarios (exit 1 on a regression)', load: () => import('./diff.ts') },
];
