/**
 * report.json is written streaming (harness/report/write.ts): byte for byte what
 * JSON.stringify(report, null, 2) gives, but never as one string, so results that together pass
 * the longest string JavaScript can hold are still written.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { writeReport } from '../../harness/report/write.ts';
import type { Report } from '../../harness/report/report.ts';

describe('writing report.json streaming', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pep567-write-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const written = (value: unknown) => readFileSync(writeReport(value as Report, dir), 'utf8');

  it('writes what JSON.stringify(report, null, 2) writes, for any JSON object, and members with no JSON form left out', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 6 })), (o) => {
      expect(written(o)).to.equal(JSON.stringify(o, null, 2) + '\n');
    }), { numRuns: 200 });
    const odd = { a: undefined, b: () => 1, runs: [{ results: [undefined, { x: [], y: {} }], empty: [] }], d: new Date(0), s: 'line\nbreak "q" \u2028' };
    expect(written(odd)).to.equal(JSON.stringify(odd, null, 2) + '\n');
  });

  it('never stringifies more than one result at once', () => {
    const big = 'x'.repeat(200_000);
    const report = { format: 'pep567-report/2', runs: [0, 1].map((r) => ({ implementation: { spec: `i${r}` }, results: Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, status: 'PASS', error: big })) })) };
    const stringify = JSON.stringify;
    let longest = 0;
    JSON.stringify = function (...args: Parameters<typeof stringify>) {
      const s = stringify.apply(JSON, args);
      longest = Math.max(longest, s?.length ?? 0);
      return s;
    } as typeof JSON.stringify;
    let text: string;
    try { text = written(report); } finally { JSON.stringify = stringify; }
    expect(text.length).to.be.greaterThan(20 * 200_000);
    expect(longest).to.be.lessThan(250_000);
    expect(text).to.equal(JSON.stringify(report, null, 2) + '\n');
  });
});
