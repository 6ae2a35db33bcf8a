/** Which of a scenario's features an adapter cannot express (then the scenario is UNSUPPORTED, not run). */
import type { Adapter } from '../contract/adapter.ts';
import type { Scenario } from '../format/scenario.ts';
import { effectiveFeatures } from '../format/implied.ts';
import { FEATURE_HOOKS } from '../format/operations.ts';

/** Optional hooks a feature needs (the operation table's hooks): declaring the feature without the hook counts as lacking it. */
const HOOKS = FEATURE_HOOKS as Readonly<Record<string, readonly (keyof Adapter)[]>>;

const hooked = (adapter: Adapter, f: string) => (HOOKS[f] ?? []).every((h) => typeof adapter[h] === 'function');

export function missingFeatures(adapter: Adapter, scenario: Scenario): string[] {
  const have = effectiveFeatures(adapter.features, adapter.differs);
  return scenario.features.filter((f) => !have.has(f) || !hooked(adapter, f));
}

/** The features an adapter can really express: declared, with the optional members they need. */
export function usableFeatures(adapter: Adapter): string[] {
  return adapter.features.filter((f) => hooked(adapter, f));
}
