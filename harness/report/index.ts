export { REPORT_FORMAT, STATUSES, countStatuses, summarize, type Report, type ScenarioResult, type Status, type Counts, type ReferenceInfo } from './format.ts';
export { writeReport } from './write.ts';
export { renderText } from './text.ts';
