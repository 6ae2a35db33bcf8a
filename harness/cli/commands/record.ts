import type { Command } from 'commander';

// Placeholder until the 'record' command is written (it reports itself as missing rather than pretending).
export function register(program: Command, setExit: (code: number) => void): void {
  program.command('record').description('(not built yet)').action(() => { process.stderr.write('pep567 record: not built yet\n'); setExit(3); });
}
