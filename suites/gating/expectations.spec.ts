import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportErrors } from '../../harness/report/schema/validate.ts';
import { pep567InProcess as pep567 } from '../support/in-process.ts';

const MUTANT = 'mutant:reset-skips-used-check';
const INCLUDE = '{tokens/reset-twice-raises-used,tokens/every-set-returns-distinct-token,tokens/reset-missing-removes,getset/get-lookup-order}';

const accurate = {
  'tokens/every-set-returns-distinct-token': { status: 'FAIL', divergence: 'error-expected', reason: 'the mutant lets a used token reset again' },
  'tokens/reset-missing-removes': { status: 'FAIL', divergence: 'kind', link: 'https://example.invalid/issue/1' },
  'tokens/reset-twice-raises-used': { status: 'FAIL', divergence: 'kind', reason: 'no used check' },
};

describe('expectation files and gating', function () {
  this.timeout(60000);
  const dir = mkdtempSync(join(tmpdir(), 'pep567-expect-'));
  let n = 0;
  const file = (expectations: object, extra: object = {}) => {
    const p = join(dir, `e${++n}.json`);
    writeFileSync(p, JSON.stringify({ format: 'pep567-expectations/1', ...extra, expectations }, null, 2));
    return p;
  };
  const gate = async (f: string, ...more: string[]) => pep567('run', '--impl', MUTANT, '--include', INCLUDE, '--report', join(dir, `report${n}`), '--expectations', f, ...more);

  it('exits 0 when every result matches an accurate file, and records each outcome in report.json', async () => {
    const r = await gate(file(accurate));
    expect(r.code, r.out + r.err).to.equal(0);
    expect(r.out).to.contain('expectations: 4 as expected, 0 new failure(s), 0 changed signature(s), 0 unexpected pass(es)');
    expect(r.out.trimEnd().split('\n').at(-1)).to.equal('1 passed, 3 failed, 0 skipped');
    const rep = JSON.parse(readFileSync(join(dir, `report${n}`, 'report.json'), 'utf8'));
    expect(reportErrors(rep)).to.deep.equal([]);
    const byId = Object.fromEntries(rep.runs[0].results.map((x: any) => [x.id, x.expectation]));
    expect(byId['getset/get-lookup-order']).to.deep.equal({ outcome: 'expected' });
    expect(byId['tokens/reset-missing-removes']).to.deep.equal({ outcome: 'expected', expected: { status: 'FAIL', divergence: 'kind' }, note: 'https://example.invalid/issue/1' });
    expect(rep.expectations.counts).to.deep.equal({ expected: 4, 'new-failure': 0, 'changed-signature': 0, 'unexpected-pass': 0 });
  });

  it('exits 1 on a new failure the file omits', async () => {
    const { ['tokens/reset-missing-removes']: _, ...omitted } = accurate;
    const r = await gate(file(omitted));
    expect(r.code).to.equal(1);
    expect(r.out).to.contain(`new-failure ${MUTANT} tokens/reset-missing-removes: FAIL (kind)`);
  });

  it('exits 1 on a changed signature', async () => {
    const r = await gate(file({ ...accurate, 'tokens/reset-twice-raises-used': { status: 'FAIL', divergence: 'value' } }));
    expect(r.code).to.equal(1);
    expect(r.out).to.contain(`changed-signature ${MUTANT} tokens/reset-twice-raises-used: expected FAIL (value), got FAIL (kind)`);
  });

  it('exits 1 on an unexpected pass, unless --allow-unexpected-pass', async () => {
    const f = file({ ...accurate, 'getset/get-lookup-order': { status: 'FAIL', divergence: 'value', reason: 'fixed since' } });
    const strict = await gate(f);
    expect(strict.code).to.equal(1);
    expect(strict.out).to.contain(`unexpected-pass ${MUTANT} getset/get-lookup-order: expected FAIL (value), got PASS`);
    const lenient = await gate(f, '--allow-unexpected-pass');
    expect(lenient.code).to.equal(0);
    expect(lenient.out).to.contain('1 unexpected pass(es) (allowed)');
  });

  it('--update-expectations rewrites only the entries of scenarios that ran, keeping reasons', async () => {
    const f = file({
      'tokens/reset-twice-raises-used': { status: 'FAIL', divergence: 'value', reason: 'no used check' },
      'getset/get-lookup-order': { status: 'ERROR' },
      'tasks/copy-at-creation': { status: 'TIMEOUT', reason: 'not run here: kept' },
    });
    const r = await gate(f, '--update-expectations');
    expect(r.code, r.out).to.equal(0);
    const next = JSON.parse(readFileSync(f, 'utf8'));
    const rep = JSON.parse(readFileSync(join(dir, `report${n}`, 'report.json'), 'utf8'));
    expect(next).to.deep.equal({
      // Identified as the implementation reports itself, with the feature set it was judged on.
      format: 'pep567-expectations/2', implementation: { name: MUTANT, major: '3' }, features: rep.runs[0].implementation.features,
      expectations: {
        'tasks/copy-at-creation': { status: 'TIMEOUT', reason: 'not run here: kept' },
        'tokens/every-set-returns-distinct-token': { status: 'FAIL', divergence: 'error-expected', reason: 'TODO: why, or a link' },
        'tokens/reset-missing-removes': { status: 'FAIL', divergence: 'kind', reason: 'TODO: why, or a link' },
        'tokens/reset-twice-raises-used': { status: 'FAIL', divergence: 'kind', reason: 'no used check' },
      },
    });
    expect((await gate(f)).code).to.equal(0);
  });

  it('matches files to implementations by name when several run', async () => {
    const m = file({}, { implementation: 'model' });
    const u = file(accurate, { implementation: MUTANT });
    const r = await pep567('run', '--impl', 'model', '--impl', MUTANT, '--include', INCLUDE, '--report', join(dir, 'both'), '--expectations', m, '--expectations', u);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(r.out).to.contain('expectations: 8 as expected');
  });

  for (const [what, content, message] of [
    ['not JSON', '{', 'not valid JSON'],
    ['of another format', JSON.stringify({ format: 'x', expectations: {} }), 'format must be'],
    ['listing PASS', JSON.stringify({ format: 'pep567-expectations/1', expectations: { a: { status: 'PASS' } } }), 'non-PASS status'],
    ['with a divergence on a non-FAIL', JSON.stringify({ format: 'pep567-expectations/1', expectations: { a: { status: 'ERROR', divergence: 'kind' } } }), 'divergence'],
    ['for an implementation that is not run', JSON.stringify({ format: 'pep567-expectations/1', implementation: 'model', expectations: {} }), 'does not run'],
  ] as const) {
    it(`exits 2 on an expectation file ${what}`, async () => {
      const p = join(dir, `bad${++n}.json`);
      writeFileSync(p, content);
      const r = await gate(p);
      expect(r.code).to.equal(2);
      expect(r.err).to.contain(message);
    });
  }

  it('exits 2 on --update-expectations without a file, and on a missing file', async () => {
    expect((await pep567('run', '--impl', MUTANT, '--include', INCLUDE, '--update-expectations')).code).to.equal(2);
    expect((await gate(join(dir, 'nosuch.json'))).code).to.equal(2);
  });
});
