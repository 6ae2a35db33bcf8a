// A host that loops forever in its first scenario, after starting a grandchild in a session of
// its own: after kill -9 of the harness, neither may keep running.
import { spawn } from 'node:child_process';
import { createAdapter as base } from '../../../dist/adapters/node-als.js';

const tag = `pep567-hostile-probe-${process.env.PEP567_PROBE_TAG ?? 'x'}`;
export async function createAdapter(options) {
  const a = await base(options);
  return Object.assign(a, {
    runMain() {
      spawn('setsid', ['bash', '-c', `exec -a ${tag}-session sleep 60`], { stdio: 'ignore' }).unref();
      for (;;) { /* never yields */ }
    },
  });
}
