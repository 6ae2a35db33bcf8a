// Temporary folders named pep567-* that the specs of this process make (fs.mkdtemp and
// fs.mkdtempSync, whichever way a spec imports them) are removed when the process exits: one
// .ci/run used to leave about 80 behind. Only folders this process made are touched, so parallel
// mocha workers and other runs on the machine keep theirs. Loaded by use-dist.mjs in every worker.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename } from 'node:path';

const made = new Set();
const note = (dir) => { if (typeof dir === 'string' && basename(dir).startsWith('pep567-')) made.add(dir); return dir; };
const mkdtempSync = fs.mkdtempSync;
fs.mkdtempSync = function (...args) { return note(mkdtempSync.apply(this, args)); };
const mkdtemp = fs.promises.mkdtemp;
fs.promises.mkdtemp = async function (...args) { return note(await mkdtemp.apply(this, args)); };
syncBuiltinESMExports();

process.on('exit', () => {
  for (const dir of made) try { fs.rmSync(dir, { recursive: true, force: true }); } catch { /* in use or gone */ }
});
