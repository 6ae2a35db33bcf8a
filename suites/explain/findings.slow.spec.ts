/**
 * The README's mechanisms for node-als and FINDINGS.md, checked against the computed causes (issue
 * 19 §3): one real CLI run of node-als, asynccontext and the OpenTelemetry adapters; the cause ids a
 * section names ("Cause `id`") are exactly the causes of the FAILs it describes, and every FAIL has
 * a cause other than "unclassified".
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../harness/report/report.ts';
import { ROOT, runCli } from '../support/cli.ts';

/** The text from a heading line to the next heading of the same or a higher level. */
function section(doc: string, heading: string): string {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l === heading);
  expect(start, heading).to.be.greaterThan(-1);
  const level = heading.match(/^#+/)![0].length;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.match(/^#+/)![0].length <= level);
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

const named = (text: string) => new Set([...text.matchAll(/Cause `([a-z-]+)`/g)].map((m) => m[1]!));

describe('README and FINDINGS name the computed causes', function () {
  this.timeout(300_000);
  let tmp: string;
  let causes: Map<string, Set<string>>;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'pep567-findings-'));
    const impls = ['node-als', 'asynccontext', 'otel-als', 'otel-async-hooks'];
    const r = runCli(['run', ...impls.flatMap((i) => ['--impl', i]), '--report', tmp], { timeout: 280_000 });
    expect(r.code, r.err).to.equal(1);
    const report = JSON.parse(readFileSync(join(tmp, 'report.json'), 'utf8')) as Report;
    causes = new Map(report.runs.map((run) => [run.implementation.spec, new Set(run.results.filter((x) => x.status === 'FAIL').map((x) => x.cause?.id ?? 'none'))]));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('every FAIL of these implementations has a cause, none unclassified', () => {
    for (const [impl, ids] of causes) expect([...ids].filter((c) => c === 'none' || c === 'unclassified'), impl).to.deep.equal([]);
  });

  it("node-als: the README's and FINDINGS' mechanisms are its computed causes", () => {
    const computed = [...causes.get('node-als')!].sort();
    expect(computed).to.not.be.empty;
    for (const doc of ['README.md', 'harness/adapters/FINDINGS.md'])
      expect([...named(section(readFileSync(join(ROOT, doc), 'utf8'), '### `node-als`: AsyncLocalStorage used the usual way'))].sort(), doc).to.deep.equal(computed);
  });

  it('FINDINGS, run-scoped corpus: the causes it names are those of asynccontext and the OpenTelemetry adapters', () => {
    const text = readFileSync(join(ROOT, 'harness/adapters/FINDINGS.md'), 'utf8');
    const list = section(text, '## The run-scoped corpus (scenario format 1.2)').split('\n### ')[0]!;
    const union = new Set(['asynccontext', 'otel-als', 'otel-async-hooks'].flatMap((i) => [...causes.get(i)!]));
    expect([...named(list)].sort()).to.deep.equal([...union].sort());
  });
});
