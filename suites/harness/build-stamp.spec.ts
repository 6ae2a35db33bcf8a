// scripts/build-stamp.mjs decides whether `npm test`'s build may skip tsc: dist/ must never be
// stale, so every way a checkout can change under the stamp must make it not fresh.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a build script, plain JavaScript with no declarations
import { upToDate } from '../../scripts/build-stamp.mjs';

interface Stamp { fresh: boolean; save(): void; forget(): void }
const stampOf = upToDate as (root: string) => Stamp;

describe('build stamp (scripts/build-stamp.mjs)', () => {
  let root: string;
  const put = (rel: string, text: string) => { mkdirSync(join(root, rel, '..'), { recursive: true }); writeFileSync(join(root, rel), text); };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pep567-stamp-'));
    put('harness/a.ts', 'export const a = 1;\n');
    put('harness/x/schema.json', '{}\n');
    put('tsconfig.json', '{}\n');
    put('dist/a.js', 'export const a = 1;\n');
    put('dist/scenarios.bundle', 'b\n');
  });
  afterEach(() => { stampOf(root).forget(); rmSync(root, { recursive: true, force: true }); });

  it('is fresh only after a saved build, and not after forget()', () => {
    assert.equal(stampOf(root).fresh, false);
    stampOf(root).save();
    assert.equal(stampOf(root).fresh, true);
    stampOf(root).forget();
    assert.equal(stampOf(root).fresh, false);
  });

  for (const [what, change] of [
    ['a changed source', () => put('harness/a.ts', 'export const a = 2;\n')],
    ['a touched source (cli.ts rebuilds while a source is newer than dist/)', () => utimesSync(join(root, 'harness/a.ts'), new Date(), new Date(Date.now() + 5000))],
    ['an added source', () => put('harness/b.ts', 'export {};\n')],
    ['a removed source', () => rmSync(join(root, 'harness/a.ts'))],
    ['a changed asset', () => put('harness/x/schema.json', '{"a":1}\n')],
    ['a changed tsconfig', () => put('tsconfig.json', '{"compilerOptions":{}}\n')],
    ['a touched dist/ file', () => utimesSync(join(root, 'dist/a.js'), new Date(0), new Date(0))],
    ['a removed dist/ file', () => rmSync(join(root, 'dist/a.js'))],
  ] as const) {
    it(`is not fresh after ${what}`, () => {
      stampOf(root).save();
      change();
      assert.equal(stampOf(root).fresh, false);
    });
  }

  it('leaves the scenario bundle to its own freshness check', () => {
    stampOf(root).save();
    put('dist/scenarios.bundle', 'rewritten\n');
    assert.equal(stampOf(root).fresh, true);
  });
});
