/**
 * Expectation files follow the implementation as it reports itself (name, major version), judge
 * its feature set, and cannot go stale: through the CLI's entry, with an adapter module written
 * here. The runs load that adapter in process (--in-process; the subject is the expectation
 * files, not the host), except the first file, which is written from the adapter in its host
 * process and then read by in-process runs: both report the same identity.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { applySelection, loadScenarios } from '../../harness/run/select.ts';
import { ROOT } from '../support/cli.ts';
import { pep567InProcess as pep567 } from '../support/in-process.ts';

const INCLUDE = '{tasks/*,getset/*}';
// The compiled model (npm test builds dist/ first): the thread or host that loads the adapter
// then transpiles none of the model's TypeScript, which its identity does not depend on.
const MODEL = pathToFileURL(join(ROOT, 'dist', 'model', 'adapter.js')).href;

describe('expectation files: identity, feature set, stale entries', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'pep567-identity-'));
  mkdirSync(join(dir, 'x'));
  const adapter = join(dir, 'a.mjs');
  const dropped = join(dir, 'drop.json');
  // A module is imported once per process: the features it leaves out are read from drop.json
  // each time it creates an adapter, so one file can stop (or start) declaring a feature.
  writeFileSync(adapter, [
    "import { readFileSync } from 'node:fs';",
    `import { createModelAdapter } from ${JSON.stringify(MODEL)};`,
    'export function createAdapter(options) {',
    `  const drop = JSON.parse(readFileSync(${JSON.stringify(dropped)}, 'utf8'));`,
    "  const a = createModelAdapter(options, undefined, 'tiny');",
    "  return { ...a, version: '1.4.0', features: a.features.filter((f) => !drop.includes(f)) };",
    '}',
  ].join('\n'));
  /** The model under another name and version, declaring every feature but `drop`. */
  const writeAdapter = (drop: string[]) => writeFileSync(dropped, JSON.stringify(drop));
  // Three spellings of one file, the command line running from the repository root.
  const rel = './' + relative(ROOT, adapter);
  const spellings = [adapter, rel, './' + relative(ROOT, join(dir, 'x', '..', 'a.mjs')).replace(/a\.mjs$/, 'x/../a.mjs')];
  let n = 0;
  const report = () => join(dir, `report${++n}`);
  const gate = async (impl: string, file: string, ...more: string[]) => pep567('run', '--impl', impl, '--in-process', '--include', INCLUDE, '--report', report(), '--expectations', file, ...more);
  /** The same run with the adapter in its host process (no --in-process). */
  const gateInHost = async (impl: string, file: string, ...more: string[]) => pep567('run', '--impl', impl, '--include', INCLUDE, '--report', report(), '--expectations', file, ...more);
  const read = (f: string) => JSON.parse(readFileSync(f, 'utf8'));
  const selected = applySelection(loadScenarios(), { include: INCLUDE });
  const usingTasks = selected.filter((s) => s.scenario.features.includes('tasks')).map((s) => s.id);

  beforeEach(() => writeAdapter([]));

  it('spells the same adapter three ways and still uses one file, identified by the reported name and major version', async () => {
    expect(new Set(spellings).size).to.equal(3);
    const f = join(dir, 'tiny.json');
    const w = await gateInHost(spellings[0]!, f, '--update-expectations');
    expect(w.code, w.out + w.err).to.equal(0);
    const written = read(f);
    expect(written.implementation).to.deep.equal({ name: 'tiny', major: '1' });
    expect(written.features).to.include('tasks');
    for (const impl of spellings) {
      const r = await gate(impl, f);
      expect(r.code, `${impl}: ${r.out}${r.err}`).to.equal(0);
      expect(r.out).to.contain(`expectations: ${selected.length} as expected, 0 new failure(s)`);
    }
  });

  it('reads a version 1 file whose spec is another spelling of the same path', async () => {
    const f = join(dir, 'v1.json');
    writeFileSync(f, JSON.stringify({ format: 'pep567-expectations/1', implementation: rel, expectations: {} }));
    const r = await gate(adapter, f);
    expect(r.code, r.out + r.err).to.equal(0);
  });

  it('refuses a file for another implementation with one line, before any scenario runs', async () => {
    const f = join(dir, 'other.json');
    writeFileSync(f, JSON.stringify({ format: 'pep567-expectations/2', implementation: { name: 'tiny', major: '2' }, expectations: {} }));
    const out = report();
    const r = await pep567('run', '--impl', adapter, '--in-process', '--include', INCLUDE, '--report', out, '--expectations', f);
    expect(r.code).to.equal(2);
    expect(r.err.split('\n')[0]).to.equal(`pep567: --expectations ${f}: is for tiny 2, which this run does not run (it runs tiny 1)`);
    expect(existsSync(join(out, 'report.json'))).to.equal(false);
    expect(existsSync(join(out, 'journal.jsonl'))).to.equal(false);
  });

  it('catches a feature the adapter stopped declaring: every scenario that became UNSUPPORTED is a change (exit 1)', async () => {
    const f = join(dir, 'dropped.json');
    expect((await gate(adapter, f, '--update-expectations')).code).to.equal(0);
    writeAdapter(['tasks']);
    const r = await gate(adapter, f);
    expect(r.code, r.out + r.err).to.equal(1);
    expect(usingTasks.length).to.be.greaterThan(5);
    for (const id of usingTasks) expect(r.out).to.contain(`changed-signature ${adapter} ${id}: expected PASS, got UNSUPPORTED (lacks tasks)`);
    expect(r.out).to.contain(`${usingTasks.length} changed signature(s)`);
    // Listed as allowed, the same changes pass the gate.
    writeFileSync(f, JSON.stringify({ ...read(f), allowed: ['tasks/*', 'getset/*'] }));
    const allowed = await gate(adapter, f);
    expect(allowed.code, allowed.out).to.equal(0);
  });

  it('catches a feature the adapter started declaring: UNSUPPORTED that now runs is a change too', async () => {
    writeAdapter(['tasks']);
    const f = join(dir, 'added.json');
    expect((await gate(adapter, f, '--update-expectations')).code).to.equal(0);
    expect(read(f).features).to.not.include('tasks');
    writeAdapter([]);
    const r = await gate(adapter, f);
    expect(r.code).to.equal(1);
    expect(r.out).to.contain(`changed-signature ${adapter} ${usingTasks[0]}: expected UNSUPPORTED, got PASS`);
  });

  it('reports entries for scenarios that do not exist as stale (exit 1); --update-expectations removes them', async () => {
    const f = join(dir, 'stale.json');
    writeFileSync(f, JSON.stringify({
      format: 'pep567-expectations/1',
      expectations: { 'tasks/renamed-long-ago': { status: 'FAIL', divergence: 'value', reason: 'kept by mistake' } },
    }));
    const r = await gate(adapter, f);
    expect(r.code).to.equal(1);
    expect(r.out).to.contain(`stale ${f}: tasks/renamed-long-ago is no scenario of this tree`);
    const rep = read(join(dir, `report${n}`, 'report.json'));
    expect(rep.expectations.stale).to.deep.equal([{ file: f, id: 'tasks/renamed-long-ago' }]);
    expect((await gate(adapter, f, '--update-expectations')).code).to.equal(0);
    expect(read(f).expectations).to.deep.equal({});
    expect((await gate(adapter, f)).code).to.equal(0);
  });

  it('--strict-expectations fails on entries whose reason is still a TODO', async () => {
    writeAdapter(['tasks']);
    const f = join(dir, 'todo.json');
    const id = usingTasks[0]!;
    writeFileSync(f, JSON.stringify({ format: 'pep567-expectations/1', expectations: { [id]: { status: 'UNSUPPORTED', reason: 'TODO: why, or a link' } } }));
    expect((await gate(adapter, f)).code).to.equal(0);
    const strict = await gate(adapter, f, '--strict-expectations');
    expect(strict.code).to.equal(1);
    expect(strict.out).to.contain(`todo ${f}: ${id} has no reason yet`);
  });
});
