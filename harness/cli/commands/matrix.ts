/** `pep567 matrix`: regenerate the comparison matrix embedded in README.md; --check exits 1 when it is stale. */
import type { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { README, END, START, readmeMatrix, withMatrix } from '../../run/readme.ts';
import { UsageError } from '../../primitives/usage-error.ts';

async function action(flags: { check?: boolean }): Promise<number> {
  const readme = existsSync(README) ? readFileSync(README, 'utf8') : '';
  const next = withMatrix(readme, await readmeMatrix());
  if (next === undefined) throw new UsageError(`README.md has no ${START} … ${END} markers`);
  if (flags.check) {
    const same = next === readme;
    process.stdout.write(same ? 'README.md matrix is up to date\n' : 'README.md matrix is stale: run npx pep567 matrix\n');
    return same ? 0 : 1;
  }
  writeFileSync(README, next);
  process.stdout.write('wrote the matrix into README.md\n');
  return 0;
}

export function register(program: Command, setExit: (code: number) => void): void {
  program.command('matrix')
    .description('regenerate the comparison matrix in README.md (model and the in-process JS adapters); --check exits 1 when it is stale')
    .option('--check', 'do not write; exit 1 if README.md differs')
    .action(async (flags: { check?: boolean }) => { setExit(await action(flags)); });
}
