// Root hooks for `npm run bench -- --only spec-cpu`: in mocha's parallel mode every spec file is a
// root suite of its own, so these run once per file, in the worker that runs it. Each file's CPU
// is its worker's own (threads included) plus that of the child processes it waited for, read
// from /proc/self/stat on Linux; elsewhere only the worker's own (children are then null).
// Module loading happens before beforeAll, so a file's imports count as mocha's, not the file's.
import { appendFileSync, readFileSync } from 'node:fs';

const LOG = process.env.PEP567_SPEC_CPU_LOG;
const TICKS = 100; // USER_HZ: the unit of /proc/PID/stat's times on every Linux build

function cpu() {
  try {
    // Fields after the command name (which may hold spaces): state is 3, utime 14 … cstime 17.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { own: (Number(f[11]) + Number(f[12])) / TICKS, children: (Number(f[13]) + Number(f[14])) / TICKS };
  } catch {
    const u = process.cpuUsage();
    return { own: (u.user + u.system) / 1e6, children: null };
  }
}

let start;
export const mochaHooks = {
  beforeAll() { start = { ...cpu(), at: performance.now() }; },
  afterAll() {
    if (!LOG || !start) return;
    const end = cpu();
    const file = this.test?.parent?.suites?.find((s) => s.file)?.file ?? this.test?.parent?.file ?? null;
    appendFileSync(LOG, JSON.stringify({
      file, ownCpuSeconds: end.own - start.own,
      childCpuSeconds: end.children === null || start.children === null ? null : end.children - start.children,
      wallSeconds: (performance.now() - start.at) / 1000,
    }) + '\n');
  },
};
