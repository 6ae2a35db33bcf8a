// A grandchild nothing but a cgroup can find: started with an empty environment (so without the
// harness's token), in a session of its own, by a shell that exits at once (so it is reparented
// to init and is nobody's descendant). Sleeps PEP567_PROBE_SLEEP seconds, named in its command line.
import { spawn } from 'node:child_process';
export { createAdapter } from '../../../dist/adapters/node-als.js';

const secs = process.env.PEP567_PROBE_SLEEP ?? '30';
const tag = `pep567-hostile-probe-${process.env.PEP567_PROBE_TAG ?? 'x'}`;
spawn('env', ['-i', 'setsid', 'bash', '-c', `(exec -a ${tag}-escapee sleep ${secs}) & exit 0`], { stdio: 'ignore' }).unref();

