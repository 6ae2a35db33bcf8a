/**
 * The taxonomy's documentation and data agree (EXPLAIN.md's table is the CAUSES table), every
 * example is a fixture, the report schema lists every cause id, and provenance is computed on
 * small programs as documented.
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareObservations } from '../../harness/compare/compare.ts';
import { CAUSE_IDS, CAUSES, causeOf } from '../../harness/explain/causes.ts';
import { loadAll } from '../../harness/scenarios/load.ts';
import type { Observation } from '../../harness/format/trace.ts';
import { ROOT } from '../support/cli.ts';
import { buildMatrix, matrixMarkdown } from '../../harness/run/matrix.ts';
import { runReport } from '../../harness/run/run.ts';

const doc = readFileSync(join(ROOT, 'harness/explain/EXPLAIN.md'), 'utf8');
const schema = JSON.parse(readFileSync(join(ROOT, 'harness/report/schema/report.schema.json'), 'utf8'));

describe('explain: the taxonomy of causes', () => {
  it('EXPLAIN.md lists every cause with its example, and nothing else', () => {
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` \| [^|]+ \|(?: `([^`]+)`)? \|$/gm)].map((m) => [m[1], m[2] ?? '']);
    expect(rows).to.deep.equal(CAUSE_IDS.map((id) => [id, CAUSES[id].example]));
  });

  it('every example is a fixture', () => {
    for (const id of CAUSE_IDS) if (CAUSES[id].example) expect(existsSync(join(ROOT, 'fixtures', `${CAUSES[id].example}.json`)), id).to.equal(true);
  });

  it('the report schema lists every cause id', () => {
    const result = schema.definitions.result ?? Object.values(schema.definitions).find((d: any) => d?.properties?.cause);
    expect((result as any).properties.cause.properties.id.enum).to.deep.equal(CAUSE_IDS);
  });

  const scenario = (id: string) => loadAll().scenarios.find((s) => s.id === id)!.scenario;
  const obs = (task: string, seq: number, step: string, op: string, value: unknown): Observation => ({ task, seq, step, op, value: value as never });

  it('a value a sibling wrote in its first step, seen by the next sibling: the creator-turn start', () => {
    const s = scenario('tasks/siblings-no-bleed');
    const program = JSON.stringify(s.program);
    expect(program).to.include('"set"');
    const expected = [obs('main/B', 0, '/program/3/body/1', 'get', 'parent')];
    const actual = [obs('main/B', 0, '/program/3/body/1', 'get', 'a')];
    const d = compareObservations(expected, actual, { level: 'semantic' }).divergence!;
    const c = causeOf(s, expected, actual, d);
    expect(c.provenance.source).to.include({ task: 'main/A', relation: 'sibling', op: 'set' });
    expect(c.id).to.be.oneOf(['creator-turn', 'sibling-bleed']);
  });

  it('no context after a sleep: lost at that await', () => {
    const s = scenario('run-scoped/binding-holds-across-sleep');
    const ref = JSON.parse(readFileSync(join(ROOT, 'reference/traces/cpython-3.13.0/run-scoped/binding-holds-across-sleep.json'), 'utf8')).observations as Observation[];
    const actual: Observation[] = [{ task: 'main', seq: 0, step: '/program', op: 'end', error: { kind: 'NoContext', message: 'lost' } }];
    const d = compareObservations(ref, actual, { level: 'semantic' }).divergence!;
    const c = causeOf(s, ref, actual, d);
    expect(c.id).to.equal('lost-at-await');
    expect(c.provenance.boundary?.kind).to.equal('await');
  });

  it('the matrix (and so the README matrix) shows each implementation\'s FAILs by cause', async () => {
    const report = await runReport({ specs: ['model', 'mutant:no-reentrancy-check'], level: 'semantic', select: { include: ['run/reentry-*', 'getset/*'] } });
    const fails = report.runs[1]!.results.filter((r) => r.status === 'FAIL');
    expect(fails.length).to.be.greaterThan(0);
    const m = buildMatrix(report);
    expect(m.causes!.map((c) => c.failures)).to.deep.equal([0, fails.length]);
    const md = matrixMarkdown(m);
    expect(md).to.include(`| *FAIL from causes* | – | ${fails.length} from 1 |`);
    expect(md).to.include(`- **mutant:no-reentrancy-check: ${fails.length} failure${fails.length === 1 ? '' : 's'} from 1 cause**: \`refusal-missing\` ${fails.length} (${CAUSES['refusal-missing'].title})`);
    for (const f of fails) expect(md).to.include(`| ${f.id} | mutant:no-reentrancy-check | FAIL | \`refusal-missing\` |`);
  });
});
