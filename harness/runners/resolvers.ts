/** Rows of the implementations table (harness/implementations/table.ts) for out-of-process runners. */
import type { SourceResolver } from '../protocol/source.ts';
import { commandResolver } from './command.ts';
import { loopResolvers } from './python-loops.ts';
import { pyodideResolver } from './pyodide.ts';
import { pythonResolver } from './python.ts';

export const resolvers: SourceResolver[] = [pythonResolver, pyodideResolver, ...loopResolvers, commandResolver];
