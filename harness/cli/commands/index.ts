import type { Command } from 'commander';
import { register as coverage } from './coverage.ts';
import { register as diff } from './diff.ts';
import { register as fuzz } from './fuzz.ts';
import { register as list } from './list.ts';
import { register as matrix } from './matrix.ts';
import { register as merge } from './merge.ts';
import { register as record } from './record.ts';
import { register as report } from './report.ts';
import { register as run } from './run.ts';
import { register as show } from './show.ts';

/** A command registers itself on the program; it reports its exit code through setExit. */
export type Register = (program: Command, setExit: (code: number) => void) => void;

export const COMMANDS: Register[] = [run, list, record, coverage, fuzz, report, merge, matrix, show, diff];
