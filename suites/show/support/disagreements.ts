/** Every fixture with a trace in a reference, written out by `pep567 show` as Python and run by one interpreter. */
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from '../../../harness/scenarios/load.ts';
import { loadTrace, type ReferenceId } from '../../../harness/traces/traces.ts';
import { runPrograms } from '../../../harness/show/batch.ts';
import { scenarioToPython } from '../../../harness/show/python.ts';

/** The fixtures with a trace in `ref`, each run as its shown program by `python` (all in one process, files in a folder under `dir`): the ones that printed something else. */
export async function disagreements(dir: string, python: string, ref: ReferenceId): Promise<{ checked: number; total: number; wrong: string[] }> {
  const { scenarios, errors } = loadAll();
  expect(errors).to.deep.equal([]);
  const withTrace = scenarios.filter((s) => loadTrace(ref, s.id));
  const sub = mkdtempSync(join(dir, `${ref.dir}-`));
  const files = withTrace.map((s, i) => {
    const f = join(sub, `p${i}.py`);
    writeFileSync(f, scenarioToPython(s.id, s.scenario));
    return f;
  });
  const outputs = await runPrograms(python, files);
  expect(outputs.map((o) => o.file)).to.deep.equal(files);
  const wrong = withTrace.flatMap((s, i) => {
    const o = outputs[i]!;
    const want = loadTrace(ref, s.id)!.observations;
    if (o.error !== undefined) return [`${s.id}: ${o.error.split('\n').slice(-3).join(' ')}`];
    try { expect(o.observations).to.deep.equal(want); return []; } catch (e) { return [`${s.id}: ${(e as Error).message.slice(0, 300)}`]; }
  });
  return { checked: withTrace.length, total: scenarios.length, wrong };
}
