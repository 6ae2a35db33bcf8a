/**
 * Host and in-process give the same verdicts (issue 19 §5): every test double the suite has, and an
 * async-listener-style one (wraps the scheduling functions, loses its context at native awaits), run
 * through the real CLI once in a host of its own and once with --in-process; each scenario's status
 * and divergence (task, seq, step, reason) must be the same. A library that loses its context may
 * leave every task waiting with nothing scheduled: the host calls that a stall and judges what was
 * observed; in process it used to wait for the timeout (FAIL -> TIMEOUT, 13 scenarios, 72 s instead of 13 s).
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report, ScenarioResult } from '../../harness/report/report.ts';
import { runCli } from '../support/cli.ts';

const DOUBLES = ['slot-adapter', 'listener-adapter', 'als-adapter', 'leaky-adapter'];

const signature = (r: ScenarioResult) =>
  r.status + (r.divergence ? ` ${r.divergence.task}#${r.divergence.seq} ${r.divergence.step} ${r.divergence.reason}` : '');

function verdicts(impl: string, dir: string, extra: string[]): Map<string, string> {
  const r = runCli(['run', '--impl', impl, '--report', dir, ...extra], { timeout: 280_000 });
  expect(r.code, r.err || r.out).to.be.oneOf([0, 1]);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
  return new Map(report.runs[0]!.results.map((x) => [x.id, signature(x)]));
}

describe('host and --in-process give the same verdicts for every test double', function () {
  this.timeout(600_000);
  let tmp: string;
  before(() => { tmp = mkdtempSync(join(tmpdir(), 'pep567-modes-')); });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  for (const d of DOUBLES) {
    it(d, () => {
      const impl = `./suites/harness/support/${d}.ts`;
      const host = verdicts(impl, join(tmp, `${d}-host`), []);
      const inProcess = verdicts(impl, join(tmp, `${d}-in`), ['--in-process']);
      const changed = [...host].filter(([id, v]) => inProcess.get(id) !== v).map(([id, v]) => `${id}: host ${v}, in process ${inProcess.get(id)}`);
      expect(changed).to.deep.equal([]);
      expect(host.size).to.be.greaterThan(200);
      if (d === 'listener-adapter') expect([...host.values()].filter((v) => v.startsWith('STALLED') || v.startsWith('TIMEOUT'))).to.deep.equal([]);
    });
  }
});
