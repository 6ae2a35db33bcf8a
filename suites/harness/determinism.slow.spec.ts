/**
 * Determinism of a real interpreter through its runner: the subject is CPython itself (and the
 * runner's process boundary), so this is in the slow group; the fast group's determinism.spec
 * checks --repeat on the model and the harness's own determinism.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pep567InProcess } from '../support/in-process.ts';

describe('determinism on live CPython', function () {
  this.timeout(300000);
  it('--repeat 20 on python3 through the runner changes no status', async function () {
    const python = spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).stdout.trim();
    if (!python) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'pep567-repeat-py-'));
    const r = await pep567InProcess('run', '--impl', `python:${python}`, '--repeat', '20', '--include', '{tasks,getset,tokens}/**', '--report', dir);
    expect(r.code, r.out + r.err).to.equal(0);
    const rep = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(rep.runs[0].results.filter((x: { unstable?: unknown }) => x.unstable)).to.deep.equal([]);
  });
});
