/**
 * PEP 567 rules a library may reject by design (adapter contract 1.6). The rules themselves are one
 * table, fixtures/rules.json (harness/format/rules.ts); a scenario names the rule it tests in its
 * `rule` field (scenario format 1.3). A rule is finer than a feature: the library expresses the
 * operations, but answers differently on purpose in the scenarios that test the rule. An adapter
 * names a rule in `differs` with its reason, exactly as it names a feature; each scenario testing it
 * is then SEMANTICS_DIFFER (reported and counted apart from FAIL), so that FAIL keeps meaning a
 * defect. A name in `differs` that is neither a feature nor a rule is refused when the adapter is
 * loaded (exit 2). A library that breaks the rule in any other scenario still FAILs there.
 */
import { isRule } from '../format/rules.ts';

export { isRule, RULE_TABLE, RULES, type RuleRow } from '../format/rules.ts';

/** The rule this scenario tests, with the reason, when the adapter's `differs` names it; [] otherwise. */
export function rulesDiffering(differs: Readonly<Record<string, string>>, scenario: { rule?: string }): [string, string][] {
  const rule = scenario.rule;
  return rule !== undefined && Object.hasOwn(differs, rule) ? [[rule, differs[rule]!]] : [];
}

/** The names in `differs` that are neither a feature nor a rule (refused at load). */
export const unknownDiffers = (differs: Readonly<Record<string, string>>, features: ReadonlySet<string>): string[] =>
  Object.keys(differs).filter((k) => !features.has(k) && !isRule(k));
