/**
 * A cgroup (v2) of its own for each runner or host process, where the machine lets this process
 * make one: every process the runner starts is in it too (fork and exec, setsid, a cleared
 * environment and reparenting to init change nothing), so killing the cgroup kills them all, and no
 * walk has to find them. At the end the cgroup is killed (cgroup.kill, else each process it lists,
 * frozen first so none forks meanwhile) and its folder removed. Where no writable cgroup v2
 * hierarchy exists (not Linux, cgroup v1 only, no permission), or PEP567_NO_CGROUP is set, every
 * caller falls back to tree.ts's walk of /proc.
 *
 * The runner is moved in right after spawn returns (the exec has happened by then); a runner would
 * have to fork within those microseconds for a child to stay outside, and tree.ts's token still
 * marks such a child for the watchdog's walk.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Set (to anything but empty): no cgroups, the /proc walk only. */
export const NO_CGROUP_VAR = 'PEP567_NO_CGROUP';
/** The prefix of every cgroup this harness makes: pep567-PID-N (PID: the harness that made it). */
const PREFIX = 'pep567-';

/** Where a cgroup2 hierarchy is mounted, from /proc/self/mountinfo. */
function mountPoint(): string | undefined {
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [mount, fs] = line.split(' - ');
    if (fs?.split(' ')[0] === 'cgroup2') return mount!.split(' ')[4];
  }
  return undefined;
}

/** This process's own cgroup v2 folder (the "0::/path" line of /proc/self/cgroup). */
function ownCgroup(mount: string): string | undefined {
  const line = readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.startsWith('0::'));
  return line ? join(mount, line.slice(3)) : undefined;
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; } };

/** Empty cgroups an earlier harness left (killed with SIGKILL before it could remove them). */
function sweep(parent: string): void {
  for (const name of readdirSync(parent)) {
    const m = /^pep567-(\d+)-\d+$/.exec(name);
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) try { rmdirSync(join(parent, name)); } catch { /* still populated */ }
  }
}

let parent: string | null | undefined;
let serial = 0;

/**
 * The folder new cgroups go under, checked once: a child made there that takes a process (this
 * one, moved in and straight back) and lists it. undefined when there is none to use.
 */
function usableParent(): string | undefined {
  if (parent !== undefined) return parent ?? undefined;
  parent = null;
  if (process.platform !== 'linux' || process.env[NO_CGROUP_VAR]) return undefined;
  let probe: string | undefined;
  let home: string | undefined;
  try {
    const mount = mountPoint();
    home = mount && ownCgroup(mount);
    if (!home || !existsSync(join(home, 'cgroup.procs'))) return undefined;
    probe = join(home, `${PREFIX}${process.pid}-probe`);
    mkdirSync(probe);
    writeFileSync(join(probe, 'cgroup.procs'), String(process.pid));
    const listed = readFileSync(join(probe, 'cgroup.procs'), 'utf8').split('\n').includes(String(process.pid));
    writeFileSync(join(home, 'cgroup.procs'), String(process.pid));
    if (listed) { parent = home; sweep(home); }
  } catch { /* not writable here: the walk */ } finally {
    if (probe) {
      try { if (home) writeFileSync(join(home, 'cgroup.procs'), String(process.pid)); } catch { /* never moved */ }
      try { rmdirSync(probe); } catch { /* gone, or not made */ }
    }
  }
  return parent ?? undefined;
}

/**
 * In a host whose harness is gone (its watchdog): kills every process of the cgroup this process is
 * in, itself included, when that is one the harness made; false when it is not (then the walk).
 */
export function killOwnCgroup(): boolean {
  try {
    const mount = mountPoint();
    const own = mount && ownCgroup(mount);
    if (!own || !/^pep567-\d+-\d+$/.test(own.split('/').at(-1)!)) return false;
    return write(join(own, 'cgroup.kill'), '1');
  } catch { return false; }
}

/** Whether runners get a cgroup of their own here (false: the walk of /proc). */
export const cgroupsUsable = (): boolean => usableParent() !== undefined;

const pids = (dir: string): number[] => {
  try { return readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number); } catch { return []; }
};

const write = (file: string, text: string) => { try { writeFileSync(file, text); return true; } catch { return false; } };

export class Cgroup {
  private killed = false;
  private constructor(readonly dir: string) {}

  /** A fresh cgroup holding pid, or undefined (no cgroups here, or pid could not be moved in: use the walk). */
  static adopt(pid: number | undefined): Cgroup | undefined {
    const under = pid === undefined ? undefined : usableParent();
    if (!under) return undefined;
    const dir = join(under, `${PREFIX}${process.pid}-${++serial}`);
    try { mkdirSync(dir); } catch { return undefined; }
    if (write(join(dir, 'cgroup.procs'), String(pid)) && pids(dir).includes(pid!)) return new Cgroup(dir);
    try { rmdirSync(dir); } catch { /* not empty after all */ }
    return undefined;
  }

  /** Kills every process in the cgroup and removes it; returns how many it listed. */
  kill(): number {
    if (this.killed) return 0;
    this.killed = true;
    const listed = pids(this.dir);
    if (!write(join(this.dir, 'cgroup.kill'), '1')) {
      // Kernels before 5.14: freeze, kill what it lists until it lists nothing.
      write(join(this.dir, 'cgroup.freeze'), '1');
      for (let round = 0, left = listed; round < 50 && left.length; round++, left = pids(this.dir))
        for (const pid of left) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    this.remove();
    return listed.length;
  }

  /** Removes the folder once its processes are gone (they leave it as they exit; a few tries). */
  private remove(): void {
    for (let i = 0; i < 100; i++) {
      try { rmdirSync(this.dir); return; } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return;
        if (code !== 'EBUSY') return;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
    // Still busy after a second: an empty one is swept by the next run (sweep).
  }
}
