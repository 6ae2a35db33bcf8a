/**
 * `pep567 show` end to end on every CPython pyenv has a reference folder for (3.7 to 3.13, the
 * operations of 3.12+ among them): each runs every fixture's shown program and prints the
 * observations recorded for its version. Slow group: its subject is the whole set of real
 * CPythons, one after another; show.spec.ts checks python3 in the fast group.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listReferences, type ReferenceId } from '../../harness/traces/traces.ts';
import { probe, pyenvPythons } from '../../harness/pythons/pythons.ts';
import { disagreements } from './support/disagreements.ts';

const version = execFileSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();

describe('pep567 show on every CPython with a reference', function () {
  this.timeout(300000);
  const dir = mkdtempSync(join(tmpdir(), 'pep567-show-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the program run by every other CPython pyenv has a reference folder for prints the observations of its reference (the operations of 3.12+ among them)', async function () {
    const others: { python: string; ref: ReferenceId }[] = [];
    for (const python of await pyenvPythons()) {
      const info = await probe(python);
      const ref = typeof info === 'string' || info.name !== 'cpython' || info.version === version ? undefined : listReferences().find((r) => r.dir === info.dir);
      if (ref && !others.some((o) => o.ref.dir === ref.dir)) others.push({ python, ref });
    }
    if (!others.length) this.skip();
    const wrong: string[] = [];
    for (const { python, ref } of others) wrong.push(...(await disagreements(dir, python, ref)).wrong.map((w) => `${ref.dir}: ${w}`));
    expect(wrong).to.deep.equal([]);
  });
});
