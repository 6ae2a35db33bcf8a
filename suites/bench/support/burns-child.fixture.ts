// For bench.slow.spec's spec-cpu case: about 0.4 s of a child process's CPU, waited for.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';

describe('burns a child\'s CPU', () => {
  it('waits for a spinning child', () => {
    const r = spawnSync(process.execPath, ['-e', 'const s = process.cpuUsage(); for (let d = process.cpuUsage(s); d.user + d.system < 400000; d = process.cpuUsage(s));']);
    expect(r.status).to.equal(0);
  });
});
