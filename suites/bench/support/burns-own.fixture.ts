// For bench.slow.spec's spec-cpu case: about 0.4 s of this process's own CPU, no child.
import { expect } from 'chai';

describe('burns its own CPU', () => {
  it('spins', () => {
    // User and system time: asking for it is a system call, so user time alone grows slowly.
    const start = process.cpuUsage();
    let n = 0;
    for (let d = process.cpuUsage(start); d.user + d.system < 400_000; d = process.cpuUsage(start)) n++;
    expect(n).to.be.above(0);
  });
});
