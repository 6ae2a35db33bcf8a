/**
 * The package entry for adapter authors and tools: the scenario and trace formats, the adapter
 * contract, the trace-source and runner interfaces, the interpreter and comparator, the runs,
 * the report format and its renderers, and the reporter interface every output is behind.
 */
export * from './format/scenario.ts';
export * from './format/trace.ts';
export { OPERATIONS, TABLE as OPERATION_TABLE, FEATURE_HOOKS, childBodies, walk, requiredFeatures, type OpSpec, type OperationRow, type OperationTable, type Where, type SlotKind } from './format/operations.ts';
export * from './contract/adapter.ts';
export { bodyOutcome, notSuspended, generatorSteps, type GeneratorSteps, type Outcome } from './contract/no-suspension.ts';
export { interpret, INTERPRETER_VERSION, ScenarioRaise, HarnessFault, UNMAPPED, maskAddresses, classify, missingFeatures, type InterpretInput, type InterpretResult, type InterpretOptions, type LiveRun } from './interpreter/index.ts';
export { compareObservations, differ, LEVELS, formatDivergence, formatMessageDifference, showObservation, type Level, type Comparison, type Divergence, type DivergenceReason, type MessageDifference, type AlignedRow, type CompareOptions } from './compare/index.ts';
export { REPORT_FORMAT, STATUSES, countStatuses, summarize, type Report, type ScenarioResult, type Status, type Counts, type ReferenceInfo } from './report/report.ts';
export { runAll, runReport, type RunOptions, type ReportOptions, type RunPlan, type BeforeRun, type Progress } from './run/run.ts';
export { REPORTER_VERSION, REPORTER_EVENTS, type Reporter, type RunStart, type RunAt, type Finished } from './run/reporter.ts';
export { REPORTERS, feed, finish, fileReporters, liveReporters, type Feed, type ReporterEntry, type ReporterName } from './run/reporters.ts';
export { runScenario, DEFAULT_TIMEOUT_MS, type ScenarioRunOptions } from './run/scenario.ts';
export { selectScenarios, applySelection, type SelectOptions } from './run/select.ts';
export { chunkOf } from './run/chunk.ts';
export { resolveImplementation, instantiate, type Implementation } from './inprocess/resolve.ts';
export type { TraceSource, SourceOutcome, SourceFailure, SourceOptions, SourceResolver } from './protocol/source.ts';
export { openSource, listImplementations } from './implementations/table.ts';
export { RunnerClient } from './protocol/client.ts';
export { renderReport, RENDER_FORMATS, type RenderFormat } from './report/render/index.ts';
export { STATUS_TABLE, classOf, skipKindOf, totalsOf, type StatusClass, type SkipKind, type Totals } from './primitives/statuses.ts';
export { loadAll, loadScenarioFile, type LoadedScenario } from './scenarios/load.ts';
export { loadTrace, listReferences, canonicalReference, parseReference, type ReferenceId } from './traces/traces.ts';
