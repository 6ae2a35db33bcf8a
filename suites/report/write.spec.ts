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

  /** Streamed (no report is small enough for one string), as a large one is. */
  const written = (value: unknown) => readFileSync(writeReport(value as Report, dir, -1), 'utf8');

  it('writes what JSON.stringify(report, null, 2) writes, byte for byte, members with no JSON form left out', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    const report = fc.record({
      format: fc.string(), counts: json,
      runs: fc.array(fc.record({ implementation: json, results: fc.array(json, { maxLength: 300 }), summary: json }), { maxLength: 3 }),
    });
    fc.assert(fc.property(report, fc.dictionary(fc.string(), json), (r, extra) => {
      const o = { ...extra, ...r };
      expect(written(o)).to.equal(JSON.stringify(o, null, 2) + '\n');
    }), { numRuns: 150 });
    const odd = { a: undefined, b: () => 1, runs: [{ results: [undefined, { x: [], y: {}, z: undefined }], empty: [] }, { results: [] }], d: new Date(0), s: 'line\nbreak "q" \u2028' };
    expect(written(odd)).to.equal(JSON.stringify(odd, null, 2) + '\n');
  });

  it('writes results whose JSON together passes the longest string there can be (here made 1 MB): a batch at a time, then one at a time', () => {
    const big = 'x'.repeat(200_000);
    const report = { format: 'pep567-report/2', runs: [0, 1].map((r) => ({ implementation: { spec: `i${r}` }, results: Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, status: 'PASS', error: big })) })) };
    const stringify = JSON.stringify;
    JSON.stringify = function (...args: Parameters<typeof stringify>) {
      const s = stringify.apply(JSON, args);
      if (s && s.length > 1_000_000) throw new RangeError('Invalid string length');
      return s;
    } as typeof JSON.stringify;
    let text: string, small: string;
    // The default tries one string first for a report this small, and streams when that is too long.
    try { text = written(report); small = readFileSync(writeReport(report as never, dir), 'utf8'); } finally { JSON.stringify = stringify; }
    expect(small).to.equal(text);
    expect(text.length).to.be.greaterThan(20 * 200_000);
    expect(text).to.equal(JSON.stringify(report, null, 2) + '\n');
  });
});
