import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordCommand } from '../../harness/cli/commands/record.ts';
import { UsageError } from '../../harness/primitives/usage-error.ts';
import { probe } from '../../harness/pythons/pythons.ts';

const hasPython = spawnSync('python3', ['-c', 'import contextvars'], { encoding: 'utf8' }).status === 0;

const scenario = (title: string, extra: object = {}) => ({
  title, spec: { section: 'PEP 567: ContextVar.set()', catalog: [1] }, features: ['vars', 'set'], ...extra,
  program: [{ op: 'var', name: 'v' }, { op: 'set', var: 'v', value: title.length }, { op: 'get', var: 'v' }],
});

(hasPython ? describe : describe.skip)('pep567 record (with python3 only)', function () {
  this.timeout(60000);
  let root: string, fixtures: string, traces: string, dir: string;
  let out: string[], err: string[];

  const write = (file: string, data: unknown) => {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  };
  const record = (extra: object = {}) => {
    out = []; err = [];
    return recordCommand({ python: ['python3'], discover: false, fixturesDir: fixtures, tracesDir: traces,
      out: (s) => { out.push(s); }, err: (s) => { err.push(s); }, ...extra });
  };

  before(async () => {
    const me = await probe('python3');
    if (typeof me === 'string') throw new Error(me);
    dir = me.dir;
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pep567-record-'));
    fixtures = join(root, 'fixtures');
    traces = join(root, 'traces');
    write(join(fixtures, 'a', 'one.json'), scenario('one'));
    write(join(fixtures, 'a', 'two.json'), scenario('two two'));
    write(join(fixtures, 'b', 'future.json'), scenario('future', { python: '>=3.99' }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes one pretty trace per scenario in range and skips the others with the range', async () => {
    expect(await record()).to.equal(0);
    const text = readFileSync(join(traces, dir, 'a', 'one.json'), 'utf8');
    expect(text.endsWith('}\n')).to.equal(true);
    const trace = JSON.parse(text);
    expect(Object.keys(trace)).to.deep.equal(['format', 'scenario', 'scenarioHash', 'implementation', 'recorder', 'observations']);
    expect(text).to.equal(JSON.stringify(trace, null, 2) + '\n');
    expect(trace.observations[0]).to.deep.equal({ task: 'main', seq: 0, step: '/program/2', op: 'get', value: 3 });
    expect(existsSync(join(traces, dir, 'b', 'future.json'))).to.equal(false);
    expect(out.join('')).to.include(`skip b/future on ${dir}: requires >=3.99`)
      .and.include(`${dir} (python3): 2 recorded, 1 skipped, 0 failed`);
  });

  it('refuses to record anything while a fixture is malformed, printing one line per problem', async () => {
    write(join(fixtures, 'a', 'bad.json'), { ...scenario('bad'), program: [{ op: 'nope' }] });
    expect(await record()).to.equal(1);
    expect(err.join('')).to.match(/a\/bad\.json: \/program\/0\/op: unknown operation "nope"/);
    expect(existsSync(traces)).to.equal(false);
  });

  it('deletes stale traces: scenario gone or out of range, but not those outside --include', async () => {
    expect(await record()).to.equal(0);
    write(join(traces, dir, 'b', 'future.json'), '{}\n');
    rmSync(join(fixtures, 'a', 'two.json'));
    expect(await record({ include: 'b/**' })).to.equal(0);
    expect(existsSync(join(traces, dir, 'b'))).to.equal(false);
    expect(existsSync(join(traces, dir, 'a', 'two.json')), 'outside --include').to.equal(true);
    expect(await record()).to.equal(0);
    expect(existsSync(join(traces, dir, 'a', 'two.json'))).to.equal(false);
    expect(out.join('')).to.include(`deleted stale ${dir}/a/two.json`);
  });

  it('--check passes on a fresh recording and names each differing, missing or extra file', async () => {
    expect(await record()).to.equal(0);
    expect(await record({ check: true })).to.equal(0);
    expect(out.join('')).to.include('reference traces are up to date');

    const one = join(traces, dir, 'a', 'one.json');
    writeFileSync(one, readFileSync(one, 'utf8').replace('"value": 3', '"value": 4'));
    rmSync(join(traces, dir, 'a', 'two.json'));
    write(join(traces, dir, 'a', 'three.json'), '{}\n');
    expect(await record({ check: true })).to.equal(1);
    const text = out.join('');
    expect(text).to.match(/a\/one\.json differs/).and.match(/a\/two\.json is missing/).and.match(/a\/three\.json is extra/)
      .and.include('npx pep567 record');
    expect(readFileSync(one, 'utf8'), '--check writes nothing').to.include('"value": 4');
  });

  it('treats a bad --include glob or a --python that does not start as misuse', async () => {
    let e: unknown;
    try { await record({ include: 'a/{x' }); } catch (x) { e = x; }
    expect(e).to.be.instanceOf(UsageError);
    e = undefined;
    try { await record({ python: ['/nonexistent/python'] }); } catch (x) { e = x; }
    expect(e).to.be.instanceOf(UsageError);
  });
});
