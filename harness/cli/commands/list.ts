/** `pep567 list`: the scenarios, the built-in implementations and the recorded references. */
import type { Command } from 'commander';
import { loadAll } from '../../scenarios/load.ts';
import { listImplementations } from '../../implementations/table.ts';
import { listReferences, traceIds } from '../../traces/traces.ts';
import { UsageError } from '../../primitives/usage-error.ts';

export interface Listing {
  scenarios: { id: string; title: string; features: string[]; python: string | null; flags: string[] }[];
  /** Rows of the implementations table (patterns like python:PATH), mutants by name; `instances` are the specs --all runs. */
  implementations: { name: string; description: string; instances: string[] }[];
  references: { name: string; dir: string; version: string; traces: number }[];
}

export async function listing(): Promise<Listing> {
  const { scenarios, errors } = loadAll();
  if (errors.length) throw new UsageError(`malformed fixture: ${errors[0]!.message.split('\n')[0]}`);
  const implementations = await listImplementations();
  return {
    scenarios: scenarios.map((s) => ({ id: s.id, title: s.scenario.title, features: s.scenario.features, python: s.scenario.python ?? null, flags: s.scenario.flags ?? [] })),
    implementations,
    references: listReferences().map((r) => ({ name: r.name, dir: r.dir, version: r.version, traces: traceIds(r).length })),
  };
}

function text(l: Listing): string {
  const out = [`Scenarios (${l.scenarios.length}):`];
  for (const s of l.scenarios) {
    const extra = [s.python ? `python ${s.python}` : '', s.flags.length ? `flags ${s.flags.join(',')}` : ''].filter(Boolean).join('; ');
    out.push(`  ${s.id}  ${s.title}`, `      features ${s.features.join(', ')}${extra ? `; ${extra}` : ''}`);
  }
  out.push('', `Implementations (${l.implementations.length}):`);
  for (const i of l.implementations) {
    out.push(`  ${i.name}  ${i.description}`);
    if (i.instances.length && (i.instances.length > 1 || i.instances[0] !== i.name)) out.push(`      --all runs: ${i.instances.join(', ')}`);
  }
  out.push('', `References (${l.references.length}):`);
  for (const r of l.references) out.push(`  ${r.dir}  ${r.traces} traces`);
  if (!l.references.length) out.push('  (none recorded)');
  return out.join('\n') + '\n';
}

export function register(program: Command, setExit: (code: number) => void): void {
  program.command('list')
    .description('list the scenarios, the built-in implementations and the recorded references')
    .option('--json', 'print JSON instead of text')
    .action(async (flags: { json?: boolean }) => {
      const l = await listing();
      process.stdout.write(flags.json ? JSON.stringify(l, null, 2) + '\n' : text(l));
      setExit(0);
    });
}
