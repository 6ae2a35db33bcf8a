/**
 * `pep567` command line. Each command lives in commands/<name>.ts and exports `register(program)`.
 * Exit codes: 0 as expected, 1 unexpected results, 2 misuse or configuration error, 3 the harness failed.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.ts';
import { UsageError } from './usage-error.ts';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('pep567')
    .description('PEP 567 (contextvars) conformance suite: run scenarios against an implementation and compare with recorded CPython traces')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let code = 0;
  for (const register of COMMANDS) register(program, (c) => { code = c; });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      process.stderr.write(`usage: ${usageLine(program, argv)}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`pep567: ${e.message}\nusage: ${usageLine(program, argv)}\n`);
      return 2;
    }
    process.stderr.write(`pep567: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 3;
  }
}

function usageLine(program: Command, argv: string[]): string {
  const sub = program.commands.find((c) => c.name() === argv[0]);
  return sub ? `pep567 ${sub.name()} ${sub.usage()}` : `pep567 ${program.commands.map((c) => c.name()).join('|')} [options]`;
}
