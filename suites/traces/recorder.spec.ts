import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenarioHash } from '../../harness/primitives/canonical.ts';
import { FEATURES } from '../../harness/scenarios/validate.ts';
import { PythonRunner, RECORDER_PATH } from '../../harness/pythons/python-runner.ts';
import { findPythons } from '../../harness/pythons/pythons.ts';

const hasPython = spawnSync('python3', ['-c', 'import contextvars'], { encoding: 'utf8' }).status === 0;

/** A scenario touching tasks, callbacks, gather, threads, executor jobs and a generator. */
const busy = {
  title: 'busy', spec: { section: 'test', catalog: [] }, features: [],
  program: [
    { op: 'var', name: 'v', default: 'd' },
    { op: 'set', var: 'v', value: 'é—日本', token: 't' },
    { op: 'create_task', name: 'A', body: [{ op: 'sleep' }, { op: 'get', var: 'v' }, { op: 'raise', kind: 'ValueError', message: 'boom' }] },
    { op: 'call_soon', name: 'C', body: [{ op: 'set', var: 'v', value: 'cb' }, { op: 'get', var: 'v' }] },
    { op: 'gather', tasks: [{ name: 'G1', body: [{ op: 'get', var: 'v' }] }, { name: 'G2', body: [{ op: 'sleep' }, { op: 'get', var: 'v' }] }] },
    { op: 'thread', name: 'T', body: [{ op: 'get', var: 'v' }] },
    { op: 'run_in_executor', name: 'J', body: [{ op: 'set', var: 'v', value: 'job' }] },
    { op: 'gen_create', name: 'g', body: [{ op: 'get', var: 'v' }, { op: 'yield' }, { op: 'set', var: 'v', value: 'gen' }] },
    { op: 'gen_next', generator: 'g' },
    { op: 'copy_context', as: 'c' },
    { op: 'ctx_items', context: 'c' },
    { op: 'try', body: [{ op: 'reset', var: 'v', token: 't' }, { op: 'reset', var: 'v', token: 't' }] },
  ],
};

const base = () => JSON.parse(JSON.stringify({
  title: 'damaged', spec: { section: 'test', catalog: [] }, features: ['vars'],
  program: [{ op: 'var', name: 'v' }, { op: 'set', var: 'v', value: 1 }, { op: 'get', var: 'v' }],
}));

const damaged: { name: string; damage: (s: any) => void; pointer: string; mentions: string }[] = [
  { name: 'unknown operation', damage: (s) => { s.program[2].op = 'frobnicate'; }, pointer: '/program/2/op', mentions: 'frobnicate' },
  { name: 'missing field', damage: (s) => { delete s.program[1].var; }, pointer: '/program/1', mentions: 'var' },
  { name: 'wrong type', damage: (s) => { s.program[1].value = { nested: true }; }, pointer: '/program/1/value', mentions: 'expected' },
  { name: 'undefined name', damage: (s) => { s.program[2].var = 'w'; }, pointer: '/program/2/var', mentions: '"w"' },
  { name: 'async operation in a sync body', damage: (s) => { s.program.push({ op: 'run', context: 'x', body: [{ op: 'sleep' }] }, { op: 'copy_context', as: 'x' }); }, pointer: '/program/3/body/0', mentions: 'sleep' },
];

(hasPython ? describe : describe.skip)('recorder.py under python3', function () {
  this.timeout(60000);
  let runner: PythonRunner;
  before(() => { runner = new PythonRunner({ python: 'python3' }); });
  after(async () => { await runner.close(); });

  it('starts with a handshake naming the interpreter and its features', async () => {
    const h = await runner.start();
    expect(h.protocol).to.equal('pep567-runner/1');
    expect(h.implementation.name).to.equal('cpython');
    expect(h.implementation.version).to.match(/^3\.\d+\.\d+/);
    expect(h.features).to.include.members(['vars', 'tokens', 'tasks', 'generators']);
  });

  it('gives byte-identical traces when a scenario is recorded twice', async () => {
    const a = await runner.run('test/busy', busy);
    const b = await runner.run('test/busy', busy);
    expect(a.error).to.equal(undefined);
    expect(JSON.stringify(a.trace)).to.equal(JSON.stringify(b.trace));
    const obs = a.trace!.observations;
    // Each task path, callback, thread and job ends exactly once, main last but for the drained ones.
    const ends = obs.filter((o) => o.op === 'end').map((o) => o.task).sort();
    expect(ends).to.deep.equal(['main', 'main/A', 'main/C', 'main/G1', 'main/G2', 'main/J', 'main/T']);
    expect(obs.find((o) => o.task === 'main/A' && o.op === 'end')!.error).to.deep.equal({ kind: 'ValueError', message: 'boom' });
    expect(obs.find((o) => o.task === 'main/T' && o.op === 'get')!.value).to.equal('d');
    // The generator observes for whoever resumed it: main.
    expect(obs.filter((o) => o.step === '/program/7/body/0').map((o) => o.task)).to.deep.equal(['main']);
  });

  it('hashes the scenario as the harness does, non-ASCII text included', async () => {
    const r = await runner.run('test/busy', busy);
    expect(r.trace!.scenarioHash).to.equal(scenarioHash(busy));
  });

  it('replaces addresses in error messages with 0x…', async () => {
    const r = await runner.run('test/busy', busy);
    const err = r.trace!.observations.find((o) => o.op === 'try')!.error!;
    expect(err.kind).to.equal('RuntimeError');
    expect(err.message).to.include('0x…').and.not.match(/0x[0-9a-f]/i);
  });

  for (const d of damaged) {
    it(`refuses a fixture with ${d.name}, naming the pointer (serve mode)`, async () => {
      const s = base();
      d.damage(s);
      const r = await runner.run('bad/x', s);
      expect(r.error?.kind).to.equal('scenario-error');
      expect(r.error?.pointer).to.equal(d.pointer);
      expect(r.error?.message).to.include(d.mentions);
    });
  }

  it('refuses damaged fixture files with the scenario, the pointer and what was expected (--scenario)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pep567-recorder-'));
    try {
      mkdirSync(join(dir, 'fixtures', 'bad'), { recursive: true });
      for (const [i, d] of damaged.entries()) {
        const s = base();
        d.damage(s);
        const file = join(dir, 'fixtures', 'bad', `case${i}.json`);
        writeFileSync(file, JSON.stringify(s, null, 2));
        const r = spawnSync('python3', [RECORDER_PATH, '--scenario', file], { encoding: 'utf8' });
        expect(r.status, d.name).to.equal(1);
        expect(r.stdout, d.name).to.equal('');
        expect(r.stderr, d.name).to.include(`case${i}.json`).and.include(`at ${d.pointer}:`).and.include(d.mentions);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives up on a hanging scenario after its guard and still records the next one', async () => {
    // The recorder as is, with its guard shortened from 10 s to 0.3 s by a wrapper (the test
    // waits for the guard; the guard's length is not what it checks).
    const dir = mkdtempSync(join(tmpdir(), 'pep567-guard-'));
    const wrapper = join(dir, 'short_guard.py');
    writeFileSync(wrapper, [
      'import importlib.util, sys',
      `spec = importlib.util.spec_from_file_location("recorder", ${JSON.stringify(RECORDER_PATH)})`,
      'mod = importlib.util.module_from_spec(spec)',
      'sys.modules["recorder"] = mod',
      'spec.loader.exec_module(mod)',
      'for m in list(sys.modules.values()):',
      '    if hasattr(m, "GUARD_SECONDS"): m.GUARD_SECONDS = 0.3',
      'sys.exit(mod.main(sys.argv[1:]))',
    ].join('\n'));
    const short = new PythonRunner({ python: 'python3', recorder: wrapper });
    try {
      const hang = { ...base(), program: [{ op: 'event_wait', event: 'never' }] };
      const r = await short.run('bad/hang', hang);
      expect(r.error?.kind).to.equal('timeout');
      expect(r.error?.message).to.contain('0.3 s');
      const next = await short.run('test/busy', busy);
      expect(next.error).to.equal(undefined);
    } finally {
      await short.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('recorder.py on every Python found', function () {
  this.timeout(60000);

  it('starts everywhere and declares exactly the features its version can express', async function () {
    const { pythons } = await findPythons();
    if (!pythons.length) this.skip();
    const minor = (v: string) => Number(v.split('.')[1]);
    for (const py of pythons) {
      const runner = new PythonRunner({ python: py.path });
      try {
        const h = await runner.start();
        expect(`${h.implementation.name}-${h.implementation.version}`).to.equal(py.dir);
        expect(Object.keys(FEATURES), py.dir).to.include.members(h.features);
        const m = minor(py.version);
        expect(h.features.includes('task_group'), py.dir).to.equal(m >= 11);
        expect(h.features.includes('task_context'), py.dir).to.equal(m >= 11);
        expect(h.features.includes('to_thread'), py.dir).to.equal(m >= 9);
        expect(h.features.includes('token_context_manager'), py.dir).to.equal(m >= 14);
      } finally {
        await runner.close();
      }
    }
  });
});
