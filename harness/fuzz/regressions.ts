/**
 * The regression corpus: shrunk counterexamples promoted into fixtures/regressions/. Every fuzz
 * run replays them first (fast-check `examples`), and as fixtures they also get CPython traces
 * and run with the hand-written scenarios.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioHash } from '../primitives/canonical.ts';
import { FIXTURES_DIR } from '../scenarios/load.ts';
import type { AsyncOp, Scenario } from '../format/scenario.ts';
import { toScenario } from './build.ts';

export const REGRESSIONS_DIR = join(FIXTURES_DIR, 'regressions');

export interface Counterexample {
  program: AsyncOp[];
  property: string;
  impl: string;
  oracle?: string;
  seed: number;
  path?: string;
  message: string;
}

/** The counterexample as a fixture: the program, with where it came from in its metadata. */
export function asFixture(c: Counterexample): Scenario {
  const hash = scenarioHash(c.program).slice(0, 10);
  const base = toScenario(c.program, `Fuzz regression ${hash}: ${c.property} (found on ${c.impl})`.slice(0, 120));
  const firstLine = c.message.split('\n')[0]!.slice(0, 300);
  return {
    title: base.title,
    description: `Shrunk counterexample from \`pep567 fuzz --impl ${c.impl}${c.oracle ? ` --oracle ${c.oracle}` : ''} --seed ${c.seed}\`` +
      `${c.path ? ` (path ${c.path})` : ''}, property "${c.property}": ${firstLine}`,
    spec: base.spec,
    features: base.features,
    ...(base.python ? { python: base.python } : {}),
    program: base.program,
  };
}

export function regressionId(c: Counterexample): string {
  return `regressions/fuzz-${scenarioHash(c.program).slice(0, 10)}`;
}

/** Writes the fixture; returns its id (fixtures/<id>.json). An identical program keeps its file. */
export function promote(c: Counterexample, dir = FIXTURES_DIR): { id: string; file: string; existed: boolean } {
  const id = regressionId(c);
  const file = join(dir, `${id}.json`);
  const existed = existsSync(file);
  if (!existed) {
    mkdirSync(join(dir, 'regressions'), { recursive: true });
    writeFileSync(file, JSON.stringify(asFixture(c), null, 2) + '\n');
  }
  return { id, file, existed };
}

/** Programs of the regression corpus, oldest name first. */
export function regressionPrograms(dir = REGRESSIONS_DIR): AsyncOp[][] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as Scenario).program);
}
