/**
 * Smoke test of `npm run bench`: a tiny run (--quick, cheap stand-ins for the two timed commands)
 * writes every figure with a sane type. Speeds are never asserted: they depend on the machine.
 * In the slow group: its subject is the bench, which times live CPython, process start-ups and
 * whole fuzz campaigns, not anything a run decides.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const positive = (x: unknown, what: string) => { expect(x, what).to.be.a('number'); expect(Number.isFinite(x) && (x as number) > 0, `${what} = ${x}`).to.equal(true); };

describe('npm run bench (smoke)', function () {
  this.timeout(180_000);
  let dir: string;
  let figures: any;
  let stdout: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pep567-bench-spec-'));
    const out = join(dir, 'latest.json');
    stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', 'harness/bench/main.ts', '--quick', '--out', out,
        '--test-command', 'node --version', '--slow-test-command', 'node -e 0',
        '--run-command', `node bin/pep567.js run --impl model --include "tokens/*" --report ${join(dir, 'report')}`],
      { cwd: ROOT, maxBuffer: 1 << 22 }, (err, so, se) => (err ? reject(new Error(`${err.message}\n${se}`)) : resolve(so)));
    });
    figures = JSON.parse(readFileSync(out, 'utf8'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('records where and when: machine, Node, Python, date', () => {
    expect(Number.isNaN(Date.parse(figures.date))).to.equal(false);
    expect(figures.quick).to.equal(true);
    expect(figures.machine.node).to.equal(process.version);
    positive(figures.machine.cores, 'cores');
    expect(figures.python.version).to.match(/^3\.\d+\.\d+/);
    expect(figures.reference).to.match(/^cpython-/);
  });

  it('gives scenarios per second for harness+model and for CPython, and their ratio', () => {
    const s = figures.scenarios;
    positive(s.scenarios, 'scenarios');
    for (const side of [s.model, s.cpython]) for (const k of ['perSecond', 'medianMs', 'perCpuSecond']) positive(side[k], k);
    expect(s.model.passed).to.equal(s.scenarios);
    expect(s.cpython.errors).to.equal(0);
    positive(s.ratio, 'ratio');
    expect(s.meetsTarget).to.equal(s.ratio <= 1.0);
  });

  it('compares a cold pep567 run with a cold CPython run of the same scenarios, wall and CPU', () => {
    const c = figures.cold;
    positive(c.scenarios, 'scenarios');
    expect(c.cpythonScenarios).to.be.within(1, c.scenarios);
    for (const side of [c.pep567, c.cpython]) {
      for (const k of ['medianSeconds', 'medianCpuSeconds']) positive(side[k], k);
      expect(side.runs).to.have.length(c.reps);
      expect(side.exitCodes).to.deep.equal([0]);
    }
    positive(c.ratio, 'ratio');
    expect(c.target).to.equal(1);
    expect(c.meetsTarget).to.equal(c.ratio <= 1.0);
  });

  it('gives fuzz programs per second against the model and live CPython, with peak memory', () => {
    for (const [f, target] of [[figures.fuzz.model, 5000], [figures.fuzz.cpython, 1000]] as const) {
      positive(f.perSecond, 'perSecond');
      positive(f.peakRssMiB, 'peakRssMiB');
      expect(f.target).to.equal(target);
      expect(f.programs).to.be.at.least(f.programsPerRep * f.reps);
      expect(f.failingSeeds).to.be.an('array');
    }
    positive(figures.fuzz.cpython.cpythonAlone.perSecond, 'CPython alone');
  });

  it('gives whole --workers 2 campaigns against the model and live CPython, with their targets', () => {
    for (const [f, target] of [[figures.fuzz.parallel.model, 14000], [figures.fuzz.parallel.cpython, 2500]] as const) {
      positive(f.perSecond, 'perSecond');
      positive(f.peakRssMiB, 'peakRssMiB');
      expect(f.workers).to.equal(2);
      expect(f.target).to.equal(target);
      expect(f.meetsTarget).to.equal(f.perSecond >= target);
    }
  });

  it('times CLI start-up beside node -e 0, each with its exit code', () => {
    expect(figures.startup.map((r: any) => r.command)).to.deep.equal(['node -e 0', 'pep567 --help', 'pep567 run', 'pep567 list (warm cache)']);
    for (const r of figures.startup) { positive(r.medianSeconds, r.command); expect(r.exitCode, r.command).to.equal(0); }
    expect(figures.startup.find((r: any) => r.command === 'pep567 --help').target).to.equal(0.2);
  });

  it('compares trie and Map copies per context size, with get and set', () => {
    expect(figures.trie.rows.map((r: any) => r.variables)).to.deep.equal(figures.trie.sizes);
    for (const r of figures.trie.rows) for (const store of [r.trie, r.map]) for (const k of ['copyNs', 'getNs', 'setNs']) positive(store[k], k);
  });

  it('times both commands with peak memory and exit codes', () => {
    for (const c of [figures.commands.test, figures.commands.slowTest, figures.commands.runAll]) {
      expect(c.command).to.be.a('string');
      positive(c.medianSeconds + 0.001, 'seconds');
      positive(c.peakRssMiB, 'peakRssMiB');
      expect(c.exitCodes).to.deep.equal([0]);
    }
  });

  it('prints every figure', () => {
    for (const label of ['cold-run ratio pep567 / CPython', 'scenarios/s, harness+model', 'scenarios/s, CPython natively', 'ratio harness+model / CPython',
      'fuzz programs/s against the model', 'fuzz programs/s against live CPython', 'trie vs Map, 10 vars', 'node --version', 'node -e 0', '--workers 2 campaign against the model', 'start-up pep567 --help'])
      expect(stdout).to.contain(label);
  });
});

describe('npm run bench -- --only spec-cpu', function () {
  this.timeout(120_000);

  it('gives each spec file its own CPU and its children\'s, most first, and what mocha spent outside them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pep567-bench-spec-'));
    try {
      const out = join(dir, 'latest.json');
      const own = 'suites/bench/support/burns-own.fixture.ts', child = 'suites/bench/support/burns-child.fixture.ts';
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', 'harness/bench/main.ts', '--only', 'spec-cpu', '--spec-files', `${own},${child}`, '--out', out],
          { cwd: ROOT, maxBuffer: 1 << 22 }, (err, so, se) => (err ? reject(new Error(`${err.message}\n${se}`)) : resolve(so)));
      });
      const f = JSON.parse(readFileSync(out, 'utf8')).specCpu;
      expect(f.run.exitCode).to.equal(0);
      expect(f.specs.map((s: any) => s.file).sort()).to.deep.equal([child, own]);
      const of = (file: string) => f.specs.find((s: any) => s.file === file);
      // Each burns about 0.4 s where it should; the tick is 10 ms, so the bounds are loose but exclusive.
      expect(of(own).ownCpuSeconds).to.be.at.least(0.3);
      expect(of(own).childCpuSeconds).to.be.below(0.1);
      expect(of(child).childCpuSeconds).to.be.at.least(0.3);
      expect(of(child).ownCpuSeconds).to.be.below(0.3);
      for (const s of f.specs) expect(s.cpuSeconds).to.be.closeTo(s.ownCpuSeconds + s.childCpuSeconds, 0.011);
      expect(f.specs[0].cpuSeconds).to.be.at.least(f.specs[1].cpuSeconds);
      expect(f.inSpecsCpuSeconds + f.outsideSpecsCpuSeconds).to.be.closeTo(f.run.cpuSeconds, 0.011);
      expect(f.outsideSpecsCpuSeconds).to.be.above(0);
      expect(stdout).to.contain('spec CPU, mocha').and.contain(own).and.contain(child);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
