/**
 * Rules an adapter rejects by design (contract 1.6, harness/contract/rules.ts): the scenarios testing
 * a declared rule are SEMANTICS_DIFFER with its reason, and an unknown name in `differs` is refused
 * at load with exit 2. Through the real CLI, with an adapter module written here (the model under
 * another name, which passes the rule's scenarios: the declaration alone makes them DIFFER).
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isRule, RULE_TABLE, RULES, rulesDiffering, unknownDiffers } from '../../harness/contract/rules.ts';
import { FEATURE_NAMES } from '../../harness/primitives/features.ts';
import { loadAll } from '../../harness/scenarios/load.ts';
import { problemsOf } from '../../harness/scenarios/validate.ts';
import { pep567, ROOT } from '../support/cli.ts';
import { RunnerClient } from '../../harness/protocol/client.ts';
import { UsageError } from '../../harness/primitives/usage-error.ts';

const MODEL = pathToFileURL(join(ROOT, 'dist', 'model', 'adapter.js')).href;

describe('rules rejected by design (differs naming a rule)', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'pep567-rules-'));
  const adapterWith = (file: string, differs: Record<string, string>) => {
    const path = join(dir, file);
    writeFileSync(path, [
      `import { createModelAdapter } from ${JSON.stringify(MODEL)};`,
      'export function createAdapter(options) {',
      "  const a = createModelAdapter(options, undefined, 'ruled');",
      `  return { ...a, differs: ${JSON.stringify(differs)} };`,
      '}',
    ].join('\n'));
    return path;
  };

  it('names rules apart from features, each tested by a scenario that names it', () => {
    const scenarios = loadAll().scenarios;
    for (const r of RULES) {
      expect(FEATURE_NAMES, r).not.to.include(r);
      expect(RULE_TABLE[r]!.says, r).to.be.a('string').and.not.equal('');
      expect(scenarios.filter((s) => s.scenario.rule === r).length, r).to.be.greaterThan(0);
    }
    expect(isRule('set')).to.equal(false);
    expect(unknownDiffers({ set: 'x', reentry_refused: 'y', nope: 'z' }, new Set(FEATURE_NAMES))).to.deep.equal(['nope']);
    expect(rulesDiffering({ reentry_refused: 'why' }, { rule: 'reentry_refused' })).to.deep.equal([['reentry_refused', 'why']]);
    expect(rulesDiffering({ reentry_refused: 'why' }, { rule: 'get_default_argument' })).to.deep.equal([]);
    expect(rulesDiffering({ reentry_refused: 'why' }, {})).to.deep.equal([]);
  });

  it('refuses a fixture naming a rule that is not in fixtures/rules.json', () => {
    const s = loadAll().scenarios.find((x) => x.id === 'run/reentry-same-context-refused')!.scenario;
    expect(problemsOf({ ...s, rule: 'reentry_refused' })).to.deep.equal([]);
    const problems = problemsOf({ ...s, rule: 'reentry_refusd' });
    expect(problems.map((p) => p.pointer)).to.deep.equal(['/rule']);
    expect(problems[0]!.message).to.match(/unknown rule "reentry_refusd".*reentry_refused/);
  });

  it('makes the scenarios testing a declared rule SEMANTICS_DIFFER with the reason, and judges the others', () => {
    const impl = adapterWith('ruled.mjs', { reentry_refused: 'contexts nest' });
    const report = join(dir, 'report');
    const r = pep567('run', '--impl', impl, '--include', '{run/reentry-same-context-refused,tasks/copy-at-creation}', '--report', report);
    expect(r.code, r.out + r.err).to.equal(0);
    const results = JSON.parse(readFileSync(join(report, 'report.json'), 'utf8')).runs[0].results as { id: string; status: string; reason?: string }[];
    const byId = Object.fromEntries(results.map((x) => [x.id, x]));
    expect(byId['run/reentry-same-context-refused']).to.include({ status: 'SEMANTICS_DIFFER', reason: 'reentry_refused: contexts nest' });
    expect(byId['tasks/copy-at-creation']).to.include({ status: 'PASS' });
    // The matrix counts it apart: not judged, one differing by design.
    const matrix = JSON.parse(readFileSync(join(report, 'matrix.json'), 'utf8'));
    expect(matrix.totals[0]).to.deep.equal({ pass: 1, judged: 1, differ: 1, total: 2 });
  });

  it('refuses a differs name that is neither a feature nor a rule, at load, with one clear line and exit 2', () => {
    const impl = adapterWith('unknown.mjs', { reentry_refuse: 'a typo' });
    const r = pep567('run', '--impl', impl, '--include', 'tasks/copy-at-creation', '--report', join(dir, 'report2'));
    expect(r.code, r.out + r.err).to.equal(2);
    const [first] = r.err.trim().split('\n');
    expect(first).to.contain('"reentry_refuse"').and.to.contain('neither a feature');
  });

  it('refuses the same from a runner or host, whose handshake names it', async () => {
    const handshake = JSON.stringify({ protocol: 'pep567-runner/1', implementation: { name: 'shell', version: '1' }, recorder: '1', features: ['vars'], differs: { reentry_refuse: 'a typo' } });
    const opening = RunnerClient.open({ command: { argv: ['sh', '-c', `echo '${handshake}'; cat > /dev/null`] }, startTimeoutMs: 5000 });
    const e = await opening.then(() => undefined, (x: unknown) => x);
    expect(e).to.be.instanceOf(UsageError);
    expect((e as Error).message).to.contain('"reentry_refuse"').and.to.contain('neither a feature');
    const good = JSON.stringify({ protocol: 'pep567-runner/1', implementation: { name: 'shell', version: '1' }, recorder: '1', features: ['vars'], differs: { reentry_refused: 'nests' } });
    const client = await RunnerClient.open({ command: { argv: ['sh', '-c', `echo '${good}'; cat > /dev/null`] }, startTimeoutMs: 5000 });
    expect(client.differs).to.deep.equal({ reentry_refused: 'nests' });
    await client.close();
  });
});
