import { scenarioHash } from '../../../harness/fixtures/canonical.ts';
import type { Scenario } from '../../../harness/format/scenario.ts';

export const hashOf = (s: Scenario): string => scenarioHash(s);
