/**
 * The progress bar on a terminal draws without a timer of its own while scenarios run: an
 * in-process scenario's scope (harness/inprocess/confine.ts) counts every timer made while it is
 * open as the implementation's, so a redraw timer that fired and rescheduled itself during a
 * scenario turned a passing model scenario into ERROR ("left 1 timer(s) pending") and stopped the bar.
 */
import { expect } from 'chai';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { confine } from '../../harness/inprocess/confine.ts';
import { terminalProgress } from '../../harness/run/progress.ts';
import type { ScenarioResult } from '../../harness/report/report.ts';

/** A terminal that keeps what is drawn on it. */
function terminal(): Writable & { isTTY: boolean; columns: number; drawn: string } {
  const t = new Writable({ write(chunk, _enc, done) { t.drawn += String(chunk); done(); } }) as Writable & { isTTY: boolean; columns: number; drawn: string };
  t.isTTY = true; t.columns = 100; t.drawn = '';
  return t;
}
const result = (id: string) => ({ id, area: 'a', title: 't', features: [], status: 'PASS', reference: 'r', level: 'semantic', durationMs: 1 }) as ScenarioResult;

describe('the progress bar and the scenario scope', () => {
  it('leaves no timer in a scenario that runs longer than a redraw, and still draws every step', async () => {
    const tty = terminal();
    const bar = terminalProgress(tty as unknown as NodeJS.WriteStream);
    bar.start('model', 3);
    const left: number[] = [];
    for (const id of ['a/1', 'a/2', 'a/3']) {
      // A scenario that waits on its own timer (fired, so not left) for longer than the bar's redraw interval.
      const scope = confine(() => sleep(250));
      await scope.result;
      left.push(scope.dispose());
      bar.result(result(id));
    }
    bar.end();
    expect(left, 'timers each scenario was charged with').to.deep.equal([0, 0, 0]);
    for (const n of [1, 2, 3]) expect(tty.drawn).to.contain(`${n}/3`);
  });
});
