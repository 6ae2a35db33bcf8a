/**
 * The closed list of PEP 567 rules a library may reject by design (fixtures/rules.json), beside the
 * operation table: a scenario names the rule it tests in its `rule` field, and an adapter names the
 * rules it rejects in `differs` (harness/contract/rules.ts).
 */
import RULES_FILE from '../../fixtures/rules.json' with { type: 'json' };

export interface RuleRow {
  /** What CPython does, which the rejecting library does not. */
  readonly says: string;
}

export const RULE_TABLE: Readonly<Record<string, RuleRow>> = RULES_FILE.rules;
export const RULES: readonly string[] = Object.keys(RULE_TABLE);
export const isRule = (name: string): boolean => Object.hasOwn(RULE_TABLE, name);
