/** The watchdog's thread (watchdog.ts): when the harness that started this host is gone, kill the host's tree (its cgroup, else the walk). */
import { workerData } from 'node:worker_threads';
import { killTree, startTime, TREE_VAR } from '../protocol/tree.ts';
import { killOwnCgroup } from '../protocol/cgroup.ts';

const { parent, host } = workerData as { parent: number; host: number };
const token = process.env[TREE_VAR];
const since = startTime(host);
const POLL_MS = 250;

setInterval(() => {
  if (process.ppid === parent) return;
  // The host's cgroup (protocol/cgroup.ts) holds every process it started; else walk /proc.
  if (!killOwnCgroup() && token) killTree(host, token, since);
  process.kill(host, 'SIGKILL');
}, POLL_MS);
