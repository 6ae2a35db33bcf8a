import { expect } from 'chai';
import { chooseProgress, lineProgress } from '../../harness/run/progress.ts';
import type { ScenarioResult } from '../../harness/report/report.ts';

const result = (status: ScenarioResult['status']) => ({ id: 'a/b', area: 'a', title: 't', features: [], status, reference: 'r', level: 'semantic', durationMs: 1 }) as ScenarioResult;

describe('progress output', () => {
  it('is silent for a short run, and plain lines under CI even on a terminal', () => {
    expect(chooseProgress(false, {}, true)).to.equal(undefined);
    for (const [env, tty] of [[{ CI: 'true' }, true], [{}, false]] as const) {
      const lines: string[] = [];
      const p = chooseProgress(true, env, tty, (s) => lines.push(s))!;
      p.start('x', 1); p.result(result('PASS')); p.end();
      expect(lines, JSON.stringify(env)).to.have.length(1);
    }
  });

  it('plain lines: one per implementation or repetition, counting what did not pass', () => {
    const lines: string[] = [];
    const p = lineProgress((s) => lines.push(s));
    p.start('model (1/2)', 3);
    for (const s of ['PASS', 'FAIL', 'SKIPPED'] as const) p.result(result(s));
    p.end();
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^model \(1\/2\): 3 scenarios, 1 not passing, \d+\.\d s\n$/);
  });
});
