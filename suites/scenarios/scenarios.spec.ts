/**
 * One mocha test per scenario for the implementation named by PEP567_IMPL (any spec `--impl`
 * accepts: a built-in name, a module path, python:PATH…; default `model`), against the canonical
 * CPython reference. The level is strict
 * for the model, semantic otherwise, or PEP567_LEVEL. UNSUPPORTED, SEMANTICS_DIFFER and SKIPPED are
 * pending; every failing status (harness/report/report.ts FAILING) fails the test.
 */
import { LEVELS, type Level } from '../../harness/compare/compare.ts';
import { formatDivergence } from '../../harness/compare/describe.ts';
import { loadAll } from '../../harness/scenarios/load.ts';
import type { TraceSource } from '../../harness/protocol/source.ts';
import { openSource } from '../../harness/implementations/table.ts';
import { canonicalReference, loadTrace } from '../../harness/traces/traces.ts';
import { FAILING } from '../../harness/report/report.ts';
import { runScenario } from '../../harness/run/scenario.ts';

const implSpec = process.env.PEP567_IMPL || 'model';
const level = (process.env.PEP567_LEVEL || (implSpec === 'model' ? 'strict' : 'semantic')) as Level;
const reference = canonicalReference();

let source: TraceSource | undefined;
let loadError: unknown;
if (reference && LEVELS.includes(level)) {
  try { ({ source } = await openSource(implSpec, { reference })); } catch (e) { loadError = e; }
}

describe(`scenarios: ${implSpec} against ${reference?.dir ?? '(no reference)'} at the ${level} level`, () => {
  if (!LEVELS.includes(level)) {
    it('has a valid PEP567_LEVEL', () => { throw new Error(`PEP567_LEVEL=${level}: expected semantic or strict`); });
    return;
  }
  if (!reference) {
    it('compares with a recorded reference', function () { this.skip(); });
    return;
  }
  if (loadError || !source) {
    it('loads the implementation', () => { throw loadError; });
    return;
  }
  const { scenarios, errors } = loadAll();
  if (errors.length) it('loads every fixture', () => { throw new Error(errors.map((e) => e.message).join('\n')); });
  const chosen = source;
  after(() => chosen.close());

  for (const area of [...new Set(scenarios.map((s) => s.area))]) {
    describe(area, () => {
      for (const s of scenarios.filter((x) => x.area === area)) {
        it(`${s.id}: ${s.scenario.title}`, async function () {
          const r = await runScenario(s, { reference, level, trace: loadTrace(reference, s.id), source: chosen });
          if (r.status === 'PASS') return;
          if (r.status === 'FAIL') throw new Error(`diverges from ${reference.dir}:\n${formatDivergence(r.divergence!)}`);
          if (FAILING.includes(r.status)) throw new Error(`${r.status}: ${r.error}`);
          this.skip(); // UNSUPPORTED, SEMANTICS_DIFFER, SKIPPED: not judged, as the CLI counts them
        });
      }
    });
  }
});
