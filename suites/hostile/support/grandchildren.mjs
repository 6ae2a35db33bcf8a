// Processes that try to outlive the run: on every scenario, a detached child (a process group of
// its own, unref'd), a session leader (setsid) that inherits stdout and stderr, and a child that
// starts a grandchild and exits at once (the grandchild is reparented to init). Each sleeps for
// PEP567_PROBE_SLEEP seconds and names itself in its command line, so the suite can look for it.
import { spawn } from 'node:child_process';
export { createAdapter } from '../../../dist/adapters/node-als.js';

const secs = process.env.PEP567_PROBE_SLEEP ?? '30';
const tag = `pep567-hostile-probe-${process.env.PEP567_PROBE_TAG ?? 'x'}`;
const sleeper = (name) => ['-c', `exec -a ${tag}-${name} sleep ${secs}`];
spawn('bash', sleeper('detached'), { detached: true, stdio: 'ignore' }).unref();
spawn('setsid', ['bash', ...sleeper('session')], { stdio: 'inherit' }).unref();
spawn('bash', ['-c', `(exec -a ${tag}-orphan sleep ${secs}) & exit 0`], { stdio: 'inherit' }).unref();
