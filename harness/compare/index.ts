export { compareObservations, differ, LEVELS, type Level, type Comparison, type Divergence, type DivergenceReason, type MessageDifference, type AlignedRow, type CompareOptions } from './compare.ts';
export { formatDivergence, formatMessageDifference, showObservation } from './describe.ts';
