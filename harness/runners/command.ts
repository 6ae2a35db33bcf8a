/**
 * `runner:COMMAND`: any program that speaks pep567-runner/1 (harness/protocol/PROTOCOL.md), started
 * through /bin/sh so COMMAND may carry arguments and quoting as typed.
 */
import { UsageError } from '../primitives/usage-error.ts';
import type { SourceOptions, SourceResolver, TraceSource } from '../protocol/source.ts';
import { RunnerClient } from '../protocol/client.ts';

const PREFIX = 'runner:';

export const commandResolver: SourceResolver = {
  pattern: 'runner:COMMAND',
  description: 'any program speaking pep567-runner/1 (harness/protocol/PROTOCOL.md), run through /bin/sh',
  matches: (spec) => spec.startsWith(PREFIX),
  async open(spec: string, options: SourceOptions): Promise<TraceSource> {
    const command = spec.slice(PREFIX.length).trim();
    if (!command) throw new UsageError('runner: needs a command, e.g. "runner:./my-runner --serve"');
    if (options.runtime) throw new UsageError(`${spec}: --runtime ${options.runtime} does not apply to a runner command`);
    // exec: the runner replaces the shell, so signals and exit statuses are its own.
    return RunnerClient.open({ command: { argv: ['/bin/sh', '-c', `exec ${command}`] } });
  },
};
