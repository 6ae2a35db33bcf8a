/**
 * Which recorded traces an implementation is compared with: the CPython of its own Python version
 * where one was recorded (a Python 3.9 against cpython-3.9.*), else the canonical reference;
 * `--reference` overrides both.
 */
import { canonicalReference, listReferences, parseReference, type ReferenceId } from '../traces/traces.ts';
import { UsageError } from '../primitives/usage-error.ts';

export type Chosen = 'matching' | 'canonical' | 'explicit';

export function explicitReference(name: string, tracesDir?: string): ReferenceId {
  let wanted: ReferenceId;
  try { wanted = parseReference(name); } catch { throw new UsageError(`--reference ${name}: expected IMPL-VERSION, e.g. cpython-3.11.7`); }
  const known = listReferences(tracesDir);
  const found = known.find((r) => r.dir === wanted.dir);
  if (!found) throw new UsageError(`unknown reference ${name}; recorded: ${known.map((r) => r.dir).join(', ') || '(none)'}`);
  return found;
}

export function defaultReference(tracesDir?: string): ReferenceId {
  const c = canonicalReference(tracesDir);
  if (!c) throw new UsageError('no reference traces are recorded yet (reference/traces/ is empty); run `pep567 record` first');
  return c;
}

const minor = (v: string) => v.split('.').slice(0, 2).join('.');

/** The CPython reference recorded for this Python version: the same version, else the newest of its minor. */
export function matchingReference(pythonVersion: string, tracesDir?: string): ReferenceId | undefined {
  const cpythons = listReferences(tracesDir).filter((r) => r.name === 'cpython');
  return cpythons.find((r) => r.version === pythonVersion) ?? cpythons.filter((r) => minor(r.version) === minor(pythonVersion)).at(-1);
}

export function chooseReference(o: { explicit?: string; pythonVersion?: string; tracesDir?: string }): { reference: ReferenceId; chosen: Chosen } {
  if (o.explicit !== undefined) return { reference: explicitReference(o.explicit, o.tracesDir), chosen: 'explicit' };
  const m = o.pythonVersion ? matchingReference(o.pythonVersion, o.tracesDir) : undefined;
  return m ? { reference: m, chosen: 'matching' } : { reference: defaultReference(o.tracesDir), chosen: 'canonical' };
}
