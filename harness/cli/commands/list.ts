import type { Command } from 'commander';

// Placeholder until the 'list' command is written (it reports itself as missing rather than pretending).
export function register(program: Command, setExit: (code: number) => void): void {
  program.command('list').description('(not built yet)').action(() => { process.stderr.write('pep567 list: not built yet\n'); setExit(3); });
}
