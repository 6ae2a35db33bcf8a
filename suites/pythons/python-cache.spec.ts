/** The Python discovery cache: a probe is asked once, and again when the interpreter's file changes. */
import { expect } from 'chai';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probe } from '../../harness/pythons/pythons.ts';
import { onPath, resetMemo } from '../../harness/pythons/python-cache.ts';

describe('reference: Python discovery cache', () => {
  let dir: string;
  let fake: string;
  const calls = () => readFileSync(join(dir, 'calls'), 'utf8').length;
  const write = (version: string) => {
    // A stand-in interpreter that counts its starts and answers the probe.
    writeFileSync(fake, `#!/bin/sh\nprintf x >> "${join(dir, 'calls')}"\nprintf '{"name": "cpython", "version": "${version}", "contextvars": true}'\n`);
    chmodSync(fake, 0o755);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pep567-pycache-'));
    fake = join(dir, 'python');
    writeFileSync(join(dir, 'calls'), '');
    write('3.99.1');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers a second probe, in this process or another, without starting the interpreter', async () => {
    expect(await probe(fake)).to.deep.include({ version: '3.99.1', dir: 'cpython-3.99.1' });
    resetMemo(); // as a new process would: read the file again
    expect(await probe(fake)).to.deep.include({ version: '3.99.1' });
    expect(calls()).to.equal(1);
  });

  it('asks again when the interpreter file changes', async () => {
    await probe(fake);
    write('3.99.22');
    expect(await probe(fake)).to.deep.include({ version: '3.99.22' });
    expect(calls()).to.equal(2);
  });

  it('never caches an interpreter that does not start', async () => {
    writeFileSync(fake, '#!/bin/sh\nprintf x >> "' + join(dir, 'calls') + '"\nexit 3\n');
    expect(await probe(fake)).to.match(/^does not start/);
    expect(await probe(fake)).to.match(/^does not start/);
    expect(calls()).to.equal(2);
  });

  it('finds a bare command on PATH as the shell would', () => {
    expect(onPath('sh')).to.match(/\/sh$/);
    expect(onPath('no-such-command-pep567')).to.equal(undefined);
  });
});
