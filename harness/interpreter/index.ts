export { interpret, INTERPRETER_VERSION, type InterpretInput, type InterpretResult, type InterpretOptions, type LiveRun } from './interpret.ts';
export { ScenarioRaise, HarnessFault, UNMAPPED, classify } from './errors.ts';
export { maskAddresses } from '../primitives/mask.ts';
export { missingFeatures } from './features.ts';
