/** Rows of the implementations table (harness/implementations/table.ts) for out-of-process runners. */
import type { SourceResolver } from '../implementations/source.ts';
import { commandResolver } from './command.ts';
import { loopResolvers } from './loops.ts';
import { pyodideResolver } from './pyodide.ts';
import { pythonResolver } from './python.ts';

export const resolvers: SourceResolver[] = [pythonResolver, pyodideResolver, ...loopResolvers, commandResolver];
