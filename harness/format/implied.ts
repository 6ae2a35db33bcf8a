/**
 * Features implied by others. `set` became a feature of its own (scenario format 1.1, adapter
 * contract 1.2) so that implementations without a set (TC39 AsyncContext) can still run the
 * scenarios that only read variables. Implementations written earlier declare `vars` for both:
 * they keep supporting `set` unless they name it in their features or their differs.
 */
const IMPLIED: Record<string, string[]> = { vars: ['set'] };

export function effectiveFeatures(features: readonly string[], differs: Readonly<Record<string, string>> = {}): Set<string> {
  const out = new Set(features);
  for (const f of features)
    for (const implied of IMPLIED[f] ?? [])
      if (!Object.hasOwn(differs, implied)) out.add(implied);
  return out;
}
