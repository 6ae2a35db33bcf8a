export { runAll, selectScenarios, type RunOptions } from './run.ts';
export { runScenario, DEFAULT_TIMEOUT_MS, type ScenarioRunOptions } from './scenario.ts';
export { globMatcher, GlobError } from './glob.ts';
export { withTimeout, TimeoutError } from './timeout.ts';
