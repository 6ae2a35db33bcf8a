import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { problemsOf } from '../../harness/scenarios/validate.ts';
import { runCampaign } from '../../harness/fuzz/campaign.ts';
import { asFixture, promote, regressionPrograms } from '../../harness/fuzz/regressions.ts';
import { pep567InProcess as pep567 } from '../support/in-process.ts';

const LEAKY = join('suites', 'harness', 'support', 'leaky-adapter.ts');


describe('pep567 fuzz', function () {
  this.timeout(60000);

  it('exits 0 when every property holds, and prints the seed', async () => {
    const r = await pep567('fuzz', '--impl', 'model', '--oracle', 'model', '--runs', '50', '--seed', '3');
    expect(r.err).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/--seed 3\b/);
    expect(r.out).to.match(/^all 5 properties held \(seed 3\)$/m);
  });

  it('exits 1 on a leaking implementation, with seed, path, a replay command and the shrunk program as a valid fixture', async () => {
    const r = await pep567('fuzz', '--impl', LEAKY, '--oracle', 'model', '--runs', '500', '--seed', '1', '--no-laws');
    expect(r.code).to.equal(1);
    expect(r.out).to.match(/^seed -?\d+, path [\d:]+; shrunk program \((\d+) operations\) as a fixture:$/m);
    const size = Number(/shrunk program \((\d+) operations\)/.exec(r.out)![1]);
    expect(size).to.be.at.most(10);
    const json = r.out.slice(r.out.indexOf('\n{') + 1, r.out.indexOf('\n}\n') + 2);
    expect(problemsOf(JSON.parse(json))).to.deep.equal([]);
    const replay = /^reproduce: npx pep567 (.*)$/m.exec(r.out)![1]!.split(' ');
    const again = await pep567(...replay);
    expect(again.code).to.equal(1);
    expect(again.out).to.include(json);
  });

  it('--profile run-scoped finds a scoped mutant (as the default profile does), and its replay command keeps the profile', async () => {
    const args = ['fuzz', '--impl', 'mutant:scoped-keeps-on-error', '--oracle', 'model', '--runs', '500', '--seed', '1', '--no-laws'];
    const r = await pep567(...args, '--profile', 'run-scoped');
    expect(r.code).to.equal(1);
    const replay = /^reproduce: npx pep567 (.*)$/m.exec(r.out)![1]!.split(' ');
    expect(replay).to.include('run-scoped');
    expect((await pep567(...replay)).code).to.equal(1);
  });

  it('exits 2 on misuse', async () => {
    expect((await pep567('fuzz', '--oracle', 'model')).code).to.equal(2);
    expect((await pep567('fuzz', '--impl', 'model', '--oracle', 'pypy')).code).to.equal(2);
    expect((await pep567('fuzz', '--impl', 'model', '--runs', '0')).code).to.equal(2);
    expect((await pep567('fuzz', '--impl', 'nope')).code).to.equal(2);
    expect((await pep567('fuzz', '--impl', 'model', '--profile', 'scoped')).code).to.equal(2);
    const noPython = await pep567('fuzz', '--impl', 'model', '--oracle', 'cpython', '--python', '/nonexistent/python', '--runs', '5');
    expect(noPython.code).to.equal(2);
    expect(noPython.err).to.match(/^pep567: cannot start the CPython oracle: /);
  });

  it('promotes a counterexample into a regressions folder as a valid fixture with its origin, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pep567-promote-'));
    const c = { program: [{ op: 'var' as const, name: 'v0' }, { op: 'get' as const, var: 'v0' }], property: 'differential against model', impl: 'mutant:x', oracle: 'model', seed: 5, path: '1:2', message: 'x differs from model\ndetails' };
    const first = promote(c, dir);
    expect(first.existed).to.equal(false);
    expect(first.id).to.match(/^regressions\/fuzz-[0-9a-f]{10}$/);
    const written = JSON.parse(readFileSync(first.file, 'utf8'));
    expect(written).to.deep.equal(asFixture(c));
    expect(problemsOf(written)).to.deep.equal([]);
    expect(written.description).to.include('--impl mutant:x --oracle model --seed 5').and.include('path 1:2');
    expect(promote(c, dir).existed).to.equal(true);
    expect(regressionPrograms(join(dir, 'regressions'))).to.deep.equal([c.program]);
  });

  it('replays the regression corpus before generating anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pep567-regressions-'));
    // A task's set leaks into its creator only in the leaking adapter.
    const program = [{ op: 'var' as const, name: 'v0' }, { op: 'create_task' as const, name: 'T0', body: [{ op: 'set' as const, var: 'v0', value: 1 }] },
      { op: 'await_task' as const, task: 'T0' }, { op: 'get' as const, var: 'v0', default: 0 }];
    promote({ program, property: 'differential against model', impl: LEAKY, oracle: 'model', seed: 0, message: 'leak' }, dir);
    const r = await runCampaign({ impl: LEAKY, oracle: 'model', runs: 1, seed: 1, laws: false, regressionsDir: join(dir, 'regressions') });
    expect(r.failure?.program).to.deep.equal(program);
    const clean = await runCampaign({ impl: LEAKY, oracle: 'model', runs: 1, seed: 1, laws: false, regressionsDir: join(dir, 'none') });
    expect(clean.failure).to.equal(undefined);
  });
});
