/**
 * PEP 567 rules a library may reject by design (adapter contract 1.6): the one table of them. A rule
 * is finer than a feature: the library expresses the operations, but answers differently on purpose
 * in the scenarios listed here. An adapter names a rule in `differs` with its reason, exactly as it
 * names a feature; each listed scenario is then SEMANTICS_DIFFER (reported and counted apart from
 * FAIL), so that FAIL keeps meaning a defect. A name in `differs` that is neither a feature nor a
 * rule is refused when the adapter is loaded (exit 2). A scenario joins a rule here only when the
 * rule is what it tests; a library that breaks the rule in any other scenario still FAILs there.
 */

export interface RuleRow {
  /** What CPython does, which the rejecting library does not. */
  readonly says: string;
  /** Ids of the scenarios that test the rule. */
  readonly scenarios: readonly string[];
}

export const RULE_TABLE = {
  reentry_refused: {
    says: 'Context.run refuses a context that is already entered (RuntimeError)',
    scenarios: [
      'run/reentry-same-context-refused', 'run/reentry-outer-from-inner-refused',
      'run-scoped/reentering-a-running-context-refused', 'threads/entered-in-other-thread-refused',
    ],
  },
  shared_context_writes: {
    says: 'a Context is one mutable mapping: a value bound while it runs is seen by everything else running that same Context object',
    scenarios: ['run-scoped/tasks-sharing-a-context-see-each-others-scope', 'run-scoped/callback-in-a-context-a-task-is-binding'],
  },
  get_default_argument: {
    says: "var.get(default) answers its argument before the variable's own default",
    scenarios: ['run-scoped/get-argument-beats-variable-default'],
  },
} as const satisfies Record<string, RuleRow>;

export type RuleName = keyof typeof RULE_TABLE;
export const RULES = Object.keys(RULE_TABLE) as readonly RuleName[];
export const isRule = (name: string): name is RuleName => Object.hasOwn(RULE_TABLE, name);

/** The rules that a `differs` declaration names and that this scenario tests, with their reasons. */
export function rulesDiffering(differs: Readonly<Record<string, string>>, scenarioId: string): [RuleName, string][] {
  return RULES.filter((r) => Object.hasOwn(differs, r) && (RULE_TABLE[r].scenarios as readonly string[]).includes(scenarioId))
    .map((r) => [r, differs[r]!]);
}

/** The names in `differs` that are neither a feature nor a rule (refused at load). */
export const unknownDiffers = (differs: Readonly<Record<string, string>>, features: ReadonlySet<string>): string[] =>
  Object.keys(differs).filter((k) => !features.has(k) && !isRule(k));
