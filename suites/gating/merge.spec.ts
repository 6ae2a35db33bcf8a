/**
 * `pep567 merge`: three shards of a run merge into the report the unsharded run writes (apart from
 * times), per-implementation reports into the multi-implementation one; shards that overlap or do
 * not belong together are refused with one line. Through the CLI's entry, in process (support/in-process.ts).
 * Every run is --in-process (node-als in a worker thread, not a host process per run): merging is
 * the subject, and a thread costs less CPU than a host.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrder } from '../../harness/report/merge.ts';
import { reportErrors } from '../../harness/report/schema/validate.ts';
import { loadScenarios } from '../../harness/run/select.ts';
import { pep567InProcess as pep567 } from '../support/in-process.ts';

const IMPLS = ['--impl', 'model', '--impl', 'node-als'];

/** A report without what differs from one run to the next: when it was made and how long each scenario took. */
function timeless(file: string): unknown {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  delete r.createdAt;
  for (const run of r.runs) for (const x of run.results) delete x.durationMs;
  return r;
}

describe('pep567 merge', function () {
  this.timeout(180000);
  const dir = mkdtempSync(join(tmpdir(), 'pep567-merge-'));
  const at = (name: string) => join(dir, name);
  const run = async (out: string, ...args: string[]) => {
    const r = await pep567('run', ...args, '--in-process', '--report', at(out));
    expect(r.code === 0 || r.code === 1, r.out + r.err).to.equal(true);
    return join(at(out), 'report.json');
  };
  let whole: string;
  let shards: string[];

  /** One CLI call at a time (output is captured process-wide). */
  const each = async <T,>(xs: number[], f: (x: number) => Promise<T>): Promise<T[]> => { const out: T[] = []; for (const x of xs) out.push(await f(x)); return out; };

  before(async () => {
    whole = await run('whole', ...IMPLS);
    shards = await each([1, 2, 3], (k) => run(`shard${k}`, ...IMPLS, '--total-chunks', '3', '--this-chunk', String(k)));
  });

  it('merges 3 shards into the report of the unsharded run, apart from times', async () => {
    const r = await pep567('merge', at('merged'), ...shards.map((f) => join(f, '..')), '--format', 'junit');
    expect(r.code, r.out + r.err).to.equal(0);
    const w = JSON.parse(readFileSync(whole, 'utf8'));
    expect(r.out).to.contain(`merged 3 report(s), 2 implementation(s), ${w.selection.scenarios} scenario(s)`);
    // The kinds of skip may follow in parentheses (harness/report/text.ts).
    expect(r.out.trimEnd().split('\n').at(-1)).to.match(new RegExp(`^${w.summary.passed} passed, ${w.summary.failed} failed( \\([^)]*\\))?, ${w.summary.skipped} skipped( \\(.*\\))?$`));
    const merged = join(at('merged'), 'report.json');
    expect(reportErrors(JSON.parse(readFileSync(merged, 'utf8')))).to.deep.equal([]);
    // Each shard holds part of it only; together exactly the whole.
    for (const s of shards) expect(JSON.parse(readFileSync(s, 'utf8')).selection.scenarios).to.be.lessThan(w.selection.scenarios);
    expect(timeless(merged)).to.deep.equal(timeless(whole));
    expect(readFileSync(join(at('merged'), 'matrix.json'), 'utf8')).to.equal(readFileSync(join(at('whole'), 'matrix.json'), 'utf8'));
    expect(readFileSync(join(at('merged'), 'junit.xml'), 'utf8')).to.contain('<testsuite');
  });

  it('merges per-implementation reports into the multi-implementation one', async () => {
    const model = await run('model-only', '--impl', 'model');
    const als = await run('als-only', '--impl', 'node-als');
    const r = await pep567('merge', at('by-impl'), model, als);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(timeless(join(at('by-impl'), 'report.json'))).to.deep.equal(timeless(whole));
  });

  it('merges gated shards: the expectation outcomes are those of the unsharded gated run', async () => {
    const file = at('node-als.json');
    writeFileSync(file, JSON.stringify({ format: 'pep567-expectations/1', implementation: 'node-als', expectations: {} }));
    const gate = ['--expectations', file];
    const w = await run('whole-gated', ...IMPLS, ...gate, '--update-expectations');
    const gated = await each([1, 2, 3], (k) => run(`gated${k}`, ...IMPLS, ...gate, '--total-chunks', '3', '--this-chunk', String(k)));
    const r = await pep567('merge', at('merged-gated'), ...gated);
    expect(r.code, r.out + r.err).to.equal(0);
    const merged = timeless(join(at('merged-gated'), 'report.json')) as { expectations: { counts: Record<string, number> } };
    expect(merged.expectations.counts.expected).to.equal(2 * JSON.parse(readFileSync(w, 'utf8')).selection.scenarios);
    expect(merged).to.deep.equal(timeless(w));
    await refused(/^pep567: cannot merge: inconsistent expectations: .* in .*gated1\/report\.json, null in .*shard2\/report\.json$/, gated[0]!, shards[1]!, shards[2]!);
  });

  const refused = async (why: RegExp, ...reports: string[]) => {
    const r = await pep567('merge', at('refused'), ...reports);
    expect(r.code, r.out).to.equal(2);
    const [line, usage] = r.err.split('\n');
    expect(line).to.match(why);
    expect(usage).to.match(/^usage: pep567 merge/);
    expect(r.out).to.equal('');
  };

  it('refuses overlapping shards', async () => {
    await refused(/^pep567: cannot merge: overlapping shards: model chunk 2 of 3 is in .*shard2\/report\.json and .*shard2\/report\.json$/, shards[0]!, shards[1]!, shards[1]!, shards[2]!);
    await refused(/^pep567: cannot merge: overlapping shards: model \S+ is in .*whole\/report\.json and .*model-only\/report\.json$/, whole, at('model-only'));
  });

  it('refuses a missing shard', async () => {
    await refused(/^pep567: cannot merge: missing shards: model has no chunk 3 of 3$/, shards[0]!, shards[1]!);
  });

  it('refuses shards of different levels, references, chunk counts and format versions', async () => {
    const strict = await run('strict', '--impl', 'model', '--level', 'strict', '--total-chunks', '3', '--this-chunk', '3');
    await refused(/^pep567: cannot merge: inconsistent level: semantic in .*, strict in .*strict\/report\.json$/, shards[0]!, shards[1]!, strict);
    const older = await run('older', ...IMPLS, '--reference', 'cpython-3.12.1', '--total-chunks', '3', '--this-chunk', '3');
    await refused(/^pep567: cannot merge: inconsistent reference for model: cpython-3\.13\.0 in .*, cpython-3\.12\.1 in .*older\/report\.json$/, shards[0]!, shards[1]!, older);
    const four = await run('four', ...IMPLS, '--total-chunks', '4', '--this-chunk', '3');
    await refused(/^pep567: cannot merge: inconsistent chunk count: 3 in .*, 4 in .*four\/report\.json$/, shards[0]!, shards[1]!, four);
    const v1 = at('v1.json');
    writeFileSync(v1, JSON.stringify({ ...JSON.parse(readFileSync(shards[2]!, 'utf8')), format: 'pep567-report/1' }));
    await refused(/^pep567: cannot merge: .*v1\.json: format pep567-report\/1, expected pep567-report\/2 or pep567-report\/2\.1$/, shards[0]!, shards[1]!, v1);
  });

  it('reads a pep567-report/2 shard beside 2.1 ones and writes 2.1', async () => {
    const v2 = at('v2.json');
    const old = JSON.parse(readFileSync(shards[2]!, 'utf8'));
    expect(old.format).to.equal('pep567-report/2.1');
    writeFileSync(v2, JSON.stringify({ ...old, format: 'pep567-report/2' }));
    const r = await pep567('merge', at('merged2'), shards[0]!, shards[1]!, v2);
    expect(r.code, r.out + r.err).to.equal(0);
    const merged = JSON.parse(readFileSync(join(at('merged2'), 'report.json'), 'utf8'));
    expect(merged.format).to.equal('pep567-report/2.1');
    expect(timeless(join(at('merged2'), 'report.json'))).to.deep.equal(timeless(whole));
  });

  it('puts merged results in the order fixtures load in', async () => {
    const ids = loadScenarios().map((s) => s.id);
    expect([...ids].sort(loadOrder)).to.deep.equal(ids);
    expect(['a/b-c', 'a/b'].sort(loadOrder)).to.deep.equal(['a/b-c', 'a/b']);
  });
});
