/**
 * Progress for long runs: a bar on a terminal, plain lines otherwise (not a TTY, or CI set, where
 * a redrawn bar would fill logs with control codes).
 */
import type cliProgressTypes from 'cli-progress';
import { createRequire } from 'node:module';
import type { ScenarioResult } from '../report/report.ts';
import { terminalLine } from '../report/render/escape.ts';
import { isPassed, skipKindOf } from '../primitives/statuses.ts';
import type { Progress } from './run.ts';

/** Only a bar on a terminal needs cli-progress (a CommonJS package): loaded then, not by every run. */
const loadCliProgress = () => createRequire(import.meta.url)('cli-progress') as typeof cliProgressTypes;

export function terminalProgress(stream: NodeJS.WriteStream): Progress {
  const cliProgress = loadCliProgress();
  const bar = new cliProgress.SingleBar({
    stream, format: '{label} [{bar}] {value}/{total} {status}', hideCursor: true, clearOnComplete: true, etaBuffer: 50,
  }, cliProgress.Presets.shades_classic);
  return {
    start(label, total) { bar.start(total, 0, { label: terminalLine(label), status: '' }); },
    result(r: ScenarioResult) { bar.increment(1, { status: isPassed(r.status) ? '' : terminalLine(`${r.status} ${r.id}`) }); },
    end() { bar.stop(); },
  };
}

export function lineProgress(write: (s: string) => void): Progress {
  let label = '', started = 0, failing = 0, count = 0;
  return {
    start(l) { label = l; started = performance.now(); failing = 0; count = 0; },
    // Not passing: anything but a pass, or a skip the reference's version range made (not the implementation's doing).
    result(r) { count++; if (!isPassed(r.status) && skipKindOf(r.status) !== 'out of range') failing++; },
    end() { write(`${terminalLine(label)}: ${count} scenarios, ${failing} not passing, ${((performance.now() - started) / 1000).toFixed(1)} s\n`); },
  };
}

/** The bar on a terminal without CI; plain lines otherwise; nothing for a short run. */
export function chooseProgress(long: boolean, env: NodeJS.ProcessEnv = process.env, tty = !!process.stderr.isTTY,
  write: (s: string) => void = (s) => { process.stdout.write(s); }): Progress | undefined {
  if (!long) return undefined;
  if (tty && !env.CI) return terminalProgress(process.stderr);
  return lineProgress(write);
}
