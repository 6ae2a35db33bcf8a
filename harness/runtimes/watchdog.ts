/**
 * A host ends with the harness that started it. A host blocked in its channel read sees the end of
 * input and exits (channel.ts); one stuck in a synchronous loop never reads again, so a worker
 * thread (a realm of its own, which the implementation cannot reach) checks the parent process id
 * and, once the harness is gone (the host was reparented), kills the host's whole tree
 * (runners/tree.ts) and the host itself. The thread is unref'd: it never keeps the host alive.
 */
import { once } from 'node:events';
import { startWorker } from '../primitives/worker.ts';
import { OWN_EXTENSION } from '../adapters/builtin.ts';

export async function startWatchdog(): Promise<void> {
  const worker = startWorker(new URL(`./watchdog-worker${OWN_EXTENSION}`, import.meta.url), {
    workerData: { parent: process.ppid, host: process.pid },
    stdout: false, stderr: false,
  });
  // Until it is online the thread needs this one's event loop; after, it runs on its own.
  await once(worker, 'online');
  worker.unref();
}
