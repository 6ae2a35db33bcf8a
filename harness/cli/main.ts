/**
 * `pep567` command line. Each command lives in commands/<name>.ts and exports `register(program)`;
 * commands/index.ts lists them by name, and only the command being run is imported (start-up).
 * Exit codes: 0 as expected, 1 unexpected results, 2 misuse or configuration error, 3 the harness failed.
 */
import { Command, CommanderError } from 'commander';
import { terminal } from '../report/render/escape.ts';
import { COMMANDS, type CommandEntry } from './commands/index.ts';
import { UsageError } from '../primitives/usage-error.ts';

/** The command whose module must load: the one run, or the one `help NAME` asks about. */
function wanted(argv: string[]): CommandEntry | undefined {
  const name = argv[0] === 'help' ? argv[1] : argv[0];
  return COMMANDS.find((c) => c.name === name);
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('pep567')
    .description('PEP 567 (contextvars) conformance suite: run scenarios against an implementation and compare with recorded CPython traces')
    .option('-V, --version', 'print the package version and the versions of the formats it reads and writes')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let code = 0;
  const active = wanted(argv);
  try {
    // Inside the try: a command whose optional package is missing refuses to load with one line (exit 2).
    for (const entry of COMMANDS) {
      if (entry === active) (await entry.load()).register(program, (c) => { code = c; });
      // The others only show in --help and in the usage line.
      else program.command(entry.name).description(entry.description);
    }
    if (!active && (argv[0] === '--version' || argv[0] === '-V')) {
      process.stdout.write((await import('./version.ts')).versionText());
      return 0;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      process.stderr.write(`usage: ${usageLine(program, argv)}\n`);
      return 2;
    }
    // By name too: a module loaded twice (CommonJS and ES copies under a test runner) has two classes.
    if (e instanceof UsageError || (e as Error)?.name === 'UsageError') {
      // The message may quote an adapter's or a fixture's text: escaped for the terminal (render/escape.ts).
      process.stderr.write(`pep567: ${terminal((e as Error).message)}\nusage: ${usageLine(program, argv)}\n`);
      return 2;
    }
    // The machine, not the harness: a full disk or quota is one line and exit 2 (the previous report is kept).
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      process.stderr.write(`pep567: no space left to write ${terminal((e as NodeJS.ErrnoException).path ?? 'the output')} (${code})\n`);
      return 2;
    }
    process.stderr.write(`pep567: internal error: ${terminal((e as Error)?.stack ?? String(e))}\n`);
    return 3;
  }
}

function usageLine(program: Command, argv: string[]): string {
  const sub = program.commands.find((c) => c.name() === argv[0]);
  return sub ? `pep567 ${sub.name()} ${sub.usage()}` : `pep567 ${program.commands.map((c) => c.name()).join('|')} [options]`;
}
