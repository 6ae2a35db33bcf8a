/**
 * Misuse of the adapter contract refused when an adapter loads (exit 2), not found scenario by
 * scenario: a contract version this harness does not implement, a feature name that is not in
 * fixtures/features.json (`defualts` would make every scenario UNSUPPORTED and a CI gate pass on
 * nothing), and a member missing that a declared feature needs (`a.spawn is not a function` as an
 * ERROR in every task scenario). Which members a feature needs is read from the operation table
 * (fixtures/schema/operations.json: each row's contract hooks, by feature), so there is no second
 * list to keep in step.
 */
import { ADAPTER_CONTRACT_VERSION, type Adapter } from '../contract/adapter.ts';
import { UsageError } from '../primitives/usage-error.ts';
import { FEATURE_NAMES } from '../primitives/features.ts';
import { RULES } from '../contract/rules.ts';
import { effectiveFeatures } from '../format/implied.ts';
import { FEATURE_HOOKS } from '../format/operations.ts';

/** Members every scenario calls, whatever its operations. */
const ALWAYS: readonly string[] = ['runMain', 'classifyError'];

/** Each member the declared features need (the operation table's hooks of each), with the features that need it. */
export function neededMembers(features: readonly string[], differs: Readonly<Record<string, string>> = {}): Map<string, Set<string>> {
  const need = new Map<string, Set<string>>(ALWAYS.map((m) => [m, new Set<string>()]));
  for (const f of effectiveFeatures(features, differs))
    for (const m of FEATURE_HOOKS[f] ?? []) need.set(m, (need.get(m) ?? new Set<string>()).add(f));
  return need;
}

/** Optimal string alignment distance (a transposition counts once: `defualts` is one step from `defaults`). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}

/** The known name nearest to `name`, when it is near enough to be a slip (at most a third of its letters). */
export function nearest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k);
    if (d < bestD) { best = k; bestD = d; }
  }
  return bestD <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

const parts = (v: string) => String(v).split('.').map((x) => Number.parseInt(x, 10));

/** The contract version an adapter states against the one this harness implements. */
function contractProblem(stated: unknown): string | undefined {
  const ours = ADAPTER_CONTRACT_VERSION;
  if (typeof stated !== 'string' || !/^\d+\.\d+\.\d+$/.test(stated))
    return `states adapter contract ${stated === undefined ? '(none)' : JSON.stringify(stated)}; this harness implements contract ${ours} (state it as \`contract: '${ours}'\`, or import ADAPTER_CONTRACT_VERSION from 'pep567-conformance')`;
  const [sMajor, sMinor] = parts(stated), [oMajor, oMinor] = parts(ours);
  if (sMajor !== oMajor)
    return `was written for adapter contract ${stated}; this harness implements contract ${ours}, and the major versions differ`;
  if (sMinor! > oMinor!)
    return `was written for adapter contract ${stated}, newer than this harness's contract ${ours}: upgrade pep567-conformance`;
  return undefined;
}

function featureProblems(adapter: Adapter): string[] {
  const out: string[] = [];
  const list = (what: string, names: readonly unknown[], known: readonly string[], tail = '') => {
    for (const f of names) {
      if (typeof f === 'string' && known.includes(f)) continue;
      const near = typeof f === 'string' ? nearest(f, known) : undefined;
      out.push(`unknown feature ${JSON.stringify(f)} in ${what}${near ? ` (did you mean '${near}'?)` : ''}${tail}`);
    }
  };
  if (!Array.isArray(adapter.features)) return [`features must be an array of feature names, got ${JSON.stringify(adapter.features)}`];
  list('features', adapter.features, FEATURE_NAMES);
  const differs = adapter.differs ?? {};
  if (typeof differs !== 'object' || Array.isArray(differs)) return [...out, 'differs must be an object: feature name -> reason'];
  list('differs', Object.keys(differs), [...FEATURE_NAMES, ...RULES], ': neither a feature nor a rule');
  for (const f of adapter.features) if (Object.hasOwn(differs, f)) out.push(`feature '${f}' is both in features and in differs`);
  if (out.length) out.push(`known features: ${FEATURE_NAMES.join(', ')}; rules differs may name: ${RULES.join(', ')}`);
  return out;
}

function memberProblems(adapter: Adapter, needed: Map<string, Set<string>>): string[] {
  const missing: string[] = [];
  for (const [member, by] of needed)
    if (typeof (adapter as unknown as Record<string, unknown>)[member] !== 'function')
      missing.push(by.size ? `${member} (${[...by].join(', ')})` : `${member} (every scenario)`);
  return missing.length ? [`missing member(s) its features need: ${missing.join(', ')}`] : [];
}

/**
 * Refuses an adapter that misuses the contract, with every problem found (one UsageError, so the
 * CLI prints it and exits 2). `where` names the implementation as the user named it.
 */
export function checkAdapter(adapter: Adapter, where: string): void {
  const d = declared(adapter);
  if (d.contract) throw new UsageError(`${where}: the adapter ${d.contract}`);
  const problems = [...d.features];
  // Members are judged only against known feature names: an unknown one needs nothing.
  if (d.needed) problems.push(...memberProblems(adapter, d.needed));
  if (problems.length) throw new UsageError(`${where}: ${problems.join('; ')}`);
}

interface Declared { contract?: string; features: readonly string[]; needed?: Map<string, Set<string>> }
/**
 * What follows from an adapter's declarations alone (its contract, features and the names in its
 * differs), worked out once per declaration: an in-process run creates a fresh adapter for every
 * scenario, and each declares the same. The members are still looked up on every adapter.
 */
const DECLARED = new Map<string, Declared>();

function declared(adapter: Adapter): Declared {
  const { contract, features } = adapter;
  const differs: unknown = adapter.differs ?? {};
  const plain = typeof contract === 'string' && Array.isArray(features) && features.every((f) => typeof f === 'string')
    && typeof differs === 'object' && differs !== null && !Array.isArray(differs);
  const key = plain ? JSON.stringify([contract, features, Object.keys(differs)]) : undefined;
  const known = key === undefined ? undefined : DECLARED.get(key);
  if (known) return known;
  const made: Declared = { features: featureProblems(adapter) };
  const problem = contractProblem(contract);
  if (problem) made.contract = problem;
  if (Array.isArray(features)) made.needed = neededMembers(features, adapter.differs);
  if (key !== undefined) DECLARED.set(key, made);
  return made;
}
