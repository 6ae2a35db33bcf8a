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

/**
 * cli-progress redraws on a timer that sets the next one when it fires; fired during an in-process
 * scenario, that timer is made inside the scenario's scope (inprocess/confine.ts), which charges it
 * to the implementation (ERROR: a timer left pending) and cancels it, stopping the bar. So the bar's
 * timer is set so far off it never fires during a run, and the bar is redrawn here, between
 * scenarios, at most every REDRAW_MS.
 */
const REDRAW_MS = 100;
const NEVER_FPS = 1000 / 2 ** 30;

export function terminalProgress(stream: NodeJS.WriteStream): Progress {
  const cliProgress = loadCliProgress();
  const bar = new cliProgress.SingleBar({
    stream, format: '{label} [{bar}] {value}/{total} {status}', hideCursor: true, clearOnComplete: true, etaBuffer: 50, fps: NEVER_FPS,
  }, cliProgress.Presets.shades_classic);
  let drawn = 0;
  return {
    start(label, total) { bar.start(total, 0, { label: terminalLine(label), status: '' }); drawn = performance.now(); },
    result(r: ScenarioResult) {
      bar.increment(1, { status: isPassed(r.status) ? '' : terminalLine(`${r.status} ${r.id}`) });
      if (performance.now() - drawn >= REDRAW_MS) { bar.render(); drawn = performance.now(); }
    },
    end() { bar.stop(); },
  };
}

export function lineProgress(write: (s: string) => void): Progress {
  let label = '', started = 0, failing = 0, count = 0;
  return {
    start(l) { label = l; started = performance.now(); failing = 0; count = 0; },
    // Not passing: anything but a pass, or a skip the reference made (out of its range or not recorded there: not the implementation's doing).
    result(r) { count++; if (!isPassed(r.status) && skipKindOf(r.status) !== 'not in reference') failing++; },
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
