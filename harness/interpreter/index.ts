export { interpret, INTERPRETER_VERSION, type InterpretInput, type InterpretResult, type InterpretOptions, type LiveRun } from './interpret.ts';
export { ScenarioRaise, HarnessFault, UNMAPPED, maskAddresses, classify } from './errors.ts';
export { missingFeatures } from './features.ts';
