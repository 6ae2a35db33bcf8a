/**
 * One run per report folder at a time: two runs into one folder mixed their events in one
 * journal.jsonl. The lock is a symbolic link created exclusively (`.pep567-lock`, pointing at the
 * pid of the run: atomic, and it needs no data block, so it is taken on a full disk too); a second
 * run is refused with one line naming that pid. A lock whose process is gone (a
 * run killed outright) is taken over. The lock goes when the run ends, however it ends.
 */
import { readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../primitives/usage-error.ts';

export const LOCK_FILE = '.pep567-lock';

const alive = (pid: number) => {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
};

/** Takes the folder's lock or throws a UsageError; returns the function that releases it. */
export function lockReportDir(dir: string, shown: string): () => void {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      symlinkSync(String(process.pid), file);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw new UsageError(`--report ${shown}: cannot lock the folder (${(e as NodeJS.ErrnoException).code ?? e})`);
      let holder = NaN;
      try { holder = Number(readlinkSync(file)); } catch { /* not a link: taken over below */ }
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder))
        throw new UsageError(`--report ${shown}: another pep567 run (pid ${holder}) is writing into this folder; wait for it, or pass another --report`);
      rmSync(file, { force: true }); // left by a run that was killed: taken over
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    try { if (readlinkSync(file) === String(process.pid)) rmSync(file, { force: true }); } catch { /* gone already */ }
  };
  process.on('exit', release);
  return release;
}
