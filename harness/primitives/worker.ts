/**
 * A worker thread on its entry module: the .js from dist/; from the sources (the test suite runs
 * them under tsx) the .ts, through a bootstrap that registers tsx first, since a worker thread on
 * Node 20 does not inherit the parent's --import hooks.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.href.endsWith('.ts')) return new Worker(entry, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
