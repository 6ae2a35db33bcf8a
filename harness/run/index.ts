export { runAll, runReport, type RunOptions, type ReportOptions, type Progress } from './run.ts';
export { runScenario, DEFAULT_TIMEOUT_MS, type ScenarioRunOptions } from './scenario.ts';
export { applySelection, selectScenarios, loadScenarios, type SelectOptions } from './select.ts';
export { chunkOf } from './chunk.ts';
export { chooseReference, matchingReference } from './reference.ts';
export { globMatcher, GlobError } from './glob.ts';
export { withTimeout, TimeoutError } from './timeout.ts';
export { confine } from './confine.ts';
