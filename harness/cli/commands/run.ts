import type { Command } from 'commander';

// Placeholder until the 'run' command is written (it reports itself as missing rather than pretending).
export function register(program: Command, setExit: (code: number) => void): void {
  program.command('run').description('(not built yet)').action(() => { process.stderr.write('pep567 run: not built yet\n'); setExit(3); });
}
