import type { Command } from 'commander';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { loadAll } from '../../scenarios/load.ts';
import { COVERAGE_MD, coverageMarkdown } from '../../traces/coverage.ts';

export function register(program: Command, setExit: (code: number) => void): void {
  program.command('coverage')
    .description('regenerate reference/coverage.md (CPython context tests -> scenarios); --check exits 1 when it is stale')
    .option('--check', 'do not write; exit 1 if the committed file differs')
    .action((opts: { check?: boolean }) => {
      const { scenarios, errors } = loadAll();
      if (errors.length) { for (const e of errors) process.stderr.write(`${e.message}\n`); setExit(1); return; }
      const md = coverageMarkdown(scenarios);
      if (opts.check) {
        const same = existsSync(COVERAGE_MD) && readFileSync(COVERAGE_MD, 'utf8') === md;
        process.stdout.write(same ? 'reference/coverage.md is up to date\n' : 'reference/coverage.md is stale: run npx pep567 coverage\n');
        setExit(same ? 0 : 1);
        return;
      }
      writeFileSync(COVERAGE_MD, md);
      process.stdout.write(`wrote reference/coverage.md\n`);
    });
}
