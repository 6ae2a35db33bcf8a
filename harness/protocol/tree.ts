/**
 * Every process a runner started, found and killed: its process group is not enough, since a child
 * may start a session of its own (setsid) or be reparented to init when its parent exits. Each
 * runner is started with a per-process token in its environment (TREE_VAR), which every
 * descendant inherits; at the end a walk of /proc finds the runner's descendants by parent id and
 * every process bearing the token, stops them all (SIGSTOP, so none forks meanwhile), walks again
 * until nothing new shows, and kills them (SIGKILL). Without /proc (not Linux) only the group is killed.
 */
import { readdirSync, readFileSync } from 'node:fs';

export const TREE_VAR = 'PEP567_PROCESS_TREE';

interface Proc { pid: number; ppid: number; start: number }

const HAS_PROC = (() => { try { readFileSync('/proc/self/stat'); return true; } catch { return false; } })();

function stat(pid: number): Proc | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(f[1]), start: Number(f[19]) };
  } catch { return undefined; }
}

/** When pid started (clock ticks since boot), for the walk to skip every process older than the runner. */
export function startTime(pid: number | undefined): number {
  return (pid !== undefined && HAS_PROC && stat(pid)?.start) || 0;
}

function bears(pid: number, marker: Buffer): boolean {
  try { return readFileSync(`/proc/${pid}/environ`).includes(marker); } catch { return false; }
}

/** The runner (root) and every process descended from it or bearing its token, started no earlier than it. */
export function findTree(root: number, token: string, since = 0): number[] {
  if (!HAS_PROC) return [];
  const marker = Buffer.from(`${TREE_VAR}=${token}\0`);
  const procs: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const p = stat(pid);
    if (p && p.start >= since) procs.push(p);
  }
  const found = new Set<number>([root]);
  for (const p of procs) if (bears(p.pid, marker)) found.add(p.pid);
  // Descendants by parent id, to any depth (a child that cleared its environment is still a child).
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!found.has(p.pid) && found.has(p.ppid)) { found.add(p.pid); grew = true; }
  }
  found.delete(process.pid);
  return [...found].filter((pid) => procs.some((p) => p.pid === pid));
}

const signal = (pid: number, sig: NodeJS.Signals) => { try { process.kill(pid, sig); return true; } catch { return false; } };

/**
 * Kills the group of root and every process of its tree (findTree); returns how many processes
 * were stopped and killed. Called in the root itself (the host's watchdog), its own group goes last.
 */
export function killTree(root: number, token: string, since = 0): number {
  const self = root === process.pid;
  if (!self) signal(-root, 'SIGKILL');
  const stopped = new Set<number>();
  for (let round = 0; round < 20; round++) {
    const fresh = findTree(root, token, since).filter((pid) => !stopped.has(pid));
    if (!fresh.length) break;
    for (const pid of fresh) { signal(pid, 'SIGSTOP'); stopped.add(pid); }
  }
  for (const pid of stopped) signal(pid, 'SIGKILL');
  if (self) signal(-root, 'SIGKILL');
  return stopped.size;
}
