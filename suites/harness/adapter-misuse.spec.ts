/**
 * Misuse of the adapter contract is refused when the adapter loads, through the real CLI, in its
 * host process and in process alike: a misspelt feature, a member a declared feature needs, a
 * contract version this harness does not implement. Each is exit 2 with one line that names what
 * is wrong, never a run that reports every scenario UNSUPPORTED (exit 0) or ERROR.
 * The first case of each mode starts bin/pep567.js (the exit status and stderr of a real process);
 * the others call the CLI's entry in process (support/in-process.ts), which still starts the host
 * process or the worker thread the adapter is refused in.
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADAPTER_CONTRACT_VERSION, type Adapter } from '../../harness/contract/adapter.ts';
import { FEATURE_NAMES } from '../../harness/primitives/features.ts';
import { FEATURE_HOOKS } from '../../harness/format/operations.ts';
import { checkAdapter, nearest, neededMembers } from '../../harness/inprocess/adapter-check.ts';
import { createAdapter as createModel } from '../../harness/model/adapter.ts';
import { pep567, ROOT } from '../support/cli.ts';
import { runInProcess } from '../support/in-process.ts';

/** A vars-only adapter (vars implies set) on one Map, with `extra` spliced into its object literal. */
const adapterSource = (extra: string, contract = ADAPTER_CONTRACT_VERSION) => `
class PyError extends Error { constructor(kind, message) { super(message); this.kind = kind; } }
export function createAdapter() {
  const values = new Map();
  return {
    contract: '${contract}', name: 'misuse', version: '0.0.1', features: ['vars'],
    newVar: (name) => ({ name }),
    get(v) { if (values.has(v)) return values.get(v); throw new PyError('LookupError', v.name); },
    set(v, value) { values.set(v, value); },
    runMain: (body) => body(),
    classifyError: (e) => (e instanceof PyError ? { kind: e.kind, message: e.message } : undefined),
    ${extra}
  };
}
`;

describe('adapter misuse refused at load', function () {
  this.timeout(60000);
  const dir = mkdtempSync(join(tmpdir(), 'pep567-misuse-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const write = (source: string) => { const f = join(dir, `adapter-${n++}.mjs`); writeFileSync(f, source); return f; };
  const one = ['--include', 'getset/get-lookup-order', '--report', join(dir, 'report')];

  for (const mode of [[], ['--in-process']]) {
    const label = mode.length ? 'in process' : 'in its host';
    const refused = async (file: string, child = false) => {
      const args = ['run', '--impl', file, ...mode, ...one];
      const r = child ? pep567(...args) : await runInProcess(args);
      expect(r.code, r.err).to.equal(2);
      expect(r.out).to.equal('');
      const [line, usage] = r.err.split('\n');
      expect(line).to.match(/^pep567: /);
      expect(usage).to.match(/^usage: pep567 run /);
      return line!;
    };

    it(`a misspelt feature exits 2 with the nearest name and the known list (${label}, through bin/pep567.js)`, async () => {
      const line = await refused(write(adapterSource("features: ['vars', 'defualts'],").replace("features: ['vars'],", '')), true);
      expect(line).to.contain('unknown feature "defualts" in features').and.contain("did you mean 'defaults'?");
      expect(line).to.contain(`known features: ${FEATURE_NAMES.join(', ')}`);
    });

    it(`a member a declared feature needs, missing, exits 2 listing each (${label})`, async () => {
      const line = await refused(write(adapterSource("features: ['vars', 'tasks', 'sleep', 'scoped_values'], yieldOnce: async () => {},").replace("features: ['vars'],", '')));
      expect(line).to.contain('missing member(s) its features need: spawn (tasks), awaitTask (tasks), withValue (scoped_values)');
      expect(line).to.not.contain('yieldOnce');
    });

    it(`another contract major version exits 2 naming both versions (${label})`, async () => {
      const line = await refused(write(adapterSource('', '2.0.0')));
      expect(line).to.contain('adapter contract 2.0.0').and.contain(`this harness implements contract ${ADAPTER_CONTRACT_VERSION}`);
    });

    it(`a newer contract minor version exits 2 naming both versions (${label})`, async () => {
      const [major, minor] = ADAPTER_CONTRACT_VERSION.split('.').map(Number);
      const newer = `${major}.${minor! + 1}.0`;
      const line = await refused(write(adapterSource('', newer)));
      expect(line).to.contain(`adapter contract ${newer}`).and.contain(ADAPTER_CONTRACT_VERSION).and.contain('upgrade pep567-conformance');
    });

    it(`an adapter with exactly the members its features need runs (${label})`, async () => {
      const r = await runInProcess(['run', '--impl', write(adapterSource('')), ...mode, '--include', 'getset/get-lookup-order', '--report', join(dir, 'report-ok')]);
      expect(r.code, r.err).to.be.oneOf([0, 1]);
      expect(r.out.trimEnd().split('\n').at(-1)).to.match(/^\d+ passed, \d+ failed, \d+ skipped/);
    });
  }

  it('an unknown name in differs, and a feature both declared and differing, are refused too', async () => {
    const r = await runInProcess(['run', '--impl', write(adapterSource("differs: { sett: 'no set', vars: 'both' },")), ...one]);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('unknown feature "sett" in differs (did you mean \'set\'?)').and.contain("feature 'vars' is both in features and in differs");
  });
});

describe('which members a feature needs (derived from the operation table)', () => {
  const model = createModel({}) as unknown as Record<string, unknown> & Adapter;

  it('every member the interpreter calls for an operation is a hook of the operation\'s features', () => {
    // The interpreter's calls, read from its compiled source, against the table: a core member missing from the hooks would load unchecked.
    const called = new Set<string>();
    const dir = join(ROOT, 'harness', 'interpreter');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts')))
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/\b(?:a|r\.a|adapter)\.(\w+)\(|r\.hook\('(\w+)'\)/g)) called.add(m[1] ?? m[2]!);
    const hooked = new Set(Object.values(FEATURE_HOOKS).flat());
    // Called, yet not a feature's: members every scenario calls, and the optional ones the contract defaults.
    const exempt = ['runMain', 'classifyError', 'resumeGenerator', 'isSameContext'];
    expect([...called].filter((m) => !hooked.has(m) && !exempt.includes(m) && typeof model[m] === 'function')).to.deep.equal([]);
    for (const m of hooked) expect(typeof model[m], m).to.equal('function');
  });

  it('the model (every feature) passes; without any one needed member it is refused, naming that member', () => {
    expect(() => checkAdapter(model, 'model')).to.not.throw();
    const needed = [...neededMembers(model.features, model.differs).keys()];
    expect(needed).to.include.members(['spawn', 'withValue', 'runMain', 'taskGroup', 'tokenEnter', 'runner']);
    for (const m of needed) {
      const { [m]: _, ...without } = model;
      expect(() => checkAdapter(without as unknown as Adapter, 'model'), m).to.throw(new RegExp(`missing member\\(s\\) [^;]*\\b${m} \\(`));
    }
  });

  it('a run-scoped adapter (set in differs) needs no set, reset or tokens', () => {
    const need = neededMembers(['vars', 'defaults', 'scoped_values', 'tasks'], { set: 'scopes only', tokens: 'no set' });
    expect([...need.keys()]).to.include.members(['newVar', 'get', 'withValue', 'spawn', 'awaitTask']).and.not.include.members(['set', 'reset', 'tokenVar']);
  });

  it('suggests a near feature name and nothing for a far one', () => {
    expect(nearest('defualts', FEATURE_NAMES)).to.equal('defaults');
    expect(nearest('Tasks', FEATURE_NAMES)).to.equal('tasks');
    expect(nearest('scoped_value', FEATURE_NAMES)).to.equal('scoped_values');
    expect(nearest('zzzzzz', FEATURE_NAMES)).to.equal(undefined);
  });
});
