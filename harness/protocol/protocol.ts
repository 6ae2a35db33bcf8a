/**
 * pep567-runner/1 (harness/protocol/PROTOCOL.md): the messages and how the harness reads them.
 * Every check here turns a runner's answer into either something usable or a reason that makes
 * the scenario a PROTOCOL_ERROR.
 */
import { TRACE_FORMAT, type ImplementationInfo, type Observation, type Trace } from '../format/trace.ts';
import type { Waiting } from '../primitives/waiting.ts';
import type { SourceFailure } from './source.ts';

export const PROTOCOL = 'pep567-runner/1';
/**
 * Revision 2 of pep567-runner/1 (PROTOCOL.md, "Revision 2"): a request may ask for `stream`;
 * a runner that honours it sends each observation as a progress line before the answer, may
 * answer `stalled`, and any answer may ask to be `replace`d. Runners that ignore it still work.
 */
export const PROTOCOL_REVISION = 2;
/** The largest line the harness reads; a longer one is a PROTOCOL_ERROR. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface Handshake {
  protocol: string;
  /** Revision 2 and later: the runner streams observations and may answer `stalled` when a request asks to stream. */
  revision?: number;
  implementation: ImplementationInfo;
  /** Version of the program that makes the traces. */
  recorder: string;
  features: string[];
  /** Features whose semantics differ on purpose, feature → reason. */
  differs?: Record<string, string>;
  /** The adapter contract version, for runners that wrap an adapter. */
  contract?: string;
}

export interface Request { id: string; scenario: unknown; stream?: boolean }


/** What a runner may say instead of a trace; `kind` decides the status. */
export interface ErrorAnswer { id: string | null; error: { kind: string; message: string; pointer?: string; waiting?: Waiting[] } }

export const ERROR_KINDS: Record<string, SourceFailure['status']> = {
  'scenario-error': 'ERROR',
  'adapter-error': 'ERROR',
  timeout: 'TIMEOUT',
  crash: 'CRASH',
};

/** Revision 2 adds a kind, only in answer to a request that asked to stream. */
export const STREAM_ERROR_KINDS: Record<string, SourceFailure['status']> = { ...ERROR_KINDS, stalled: 'STALLED' };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isString = (x: unknown): x is string => typeof x === 'string';

/** The handshake, or why the first line is not one. */
export function readHandshake(line: string): Handshake | string {
  let h: unknown;
  try { h = JSON.parse(line); } catch { return `the first line is not JSON: ${preview(line)}`; }
  if (!isObject(h)) return `the first line is not a JSON object: ${preview(line)}`;
  if (h.protocol !== PROTOCOL) return `the runner speaks ${JSON.stringify(h.protocol)}, expected ${JSON.stringify(PROTOCOL)}`;
  const impl = h.implementation;
  if (!isObject(impl) || !isString(impl.name) || !impl.name || !isString(impl.version) || !impl.version || (impl.build !== undefined && !isString(impl.build)))
    return 'handshake: implementation must be {name: string, version: string, build?: string}';
  if (!isString(h.recorder)) return 'handshake: recorder must be a string';
  if (!Array.isArray(h.features) || !h.features.every(isString)) return 'handshake: features must be an array of strings';
  if (h.differs !== undefined && (!isObject(h.differs) || !Object.values(h.differs).every(isString)))
    return 'handshake: differs must map feature names to reasons';
  if (h.contract !== undefined && !isString(h.contract)) return 'handshake: contract must be a string';
  if (h.revision !== undefined && !Number.isInteger(h.revision)) return 'handshake: revision must be an integer';
  return h as unknown as Handshake;
}

export type Answer = ({ trace: Trace } | { error: ErrorAnswer['error'] } | { protocolError: string }) & { replace?: boolean };

/** A line read during an exchange: an observation streamed before the answer (revision 2), or the answer. */
export type Message = { observation: Observation } | Answer;

function checkObservation(o: unknown, i: number): string | undefined {
  if (!isObject(o) || !isString(o.task) || !Number.isInteger(o.seq) || !isString(o.step) || !isString(o.op))
    return `observation ${i} must have task, seq (integer), step and op`;
  if (o.error !== undefined && (!isObject(o.error) || !isString(o.error.kind) || !isString(o.error.message)))
    return `observation ${i} has an error without kind and message`;
  return undefined;
}

const isWaiting = (w: unknown): w is Waiting => isObject(w) && isString(w.task) && isString(w.step) && isString(w.op);

function checkTrace(t: Record<string, unknown>, id: string, hash: string | undefined): string | undefined {
  if (t.format !== TRACE_FORMAT) return `trace format ${JSON.stringify(t.format)}, expected ${JSON.stringify(TRACE_FORMAT)}`;
  if (t.scenario !== id) return `an answer for scenario ${JSON.stringify(t.scenario)}, expected ${JSON.stringify(id)}`;
  if (hash !== undefined && t.scenarioHash !== hash) return `the runner hashed the scenario as ${JSON.stringify(t.scenarioHash)}, the harness as ${hash}`;
  const impl = t.implementation;
  if (!isObject(impl) || !isString(impl.name) || !isString(impl.version)) return 'trace: implementation must be {name, version}';
  if (!isString(t.recorder)) return 'trace: recorder must be a string';
  if (t.notes !== undefined && (!Array.isArray(t.notes) || !t.notes.every(isString))) return 'trace: notes must be an array of strings';
  if (!Array.isArray(t.observations)) return 'trace: observations must be an array';
  for (const [i, o] of t.observations.entries()) {
    const why = checkObservation(o, i);
    if (why) return `trace: ${why}`;
  }
  return undefined;
}

/** Read the answer line to request `id` (whose scenario hashes to `hash`; undefined: not checked). */
export function readAnswer(line: string, id: string, hash: string | undefined): Answer {
  const m = readMessage(line, id, hash, false);
  return 'observation' in m ? { protocolError: 'an observation line where an answer was due' } : m;
}

/** Read a line of an exchange: with `streaming`, `{"id", "observation"}` progress lines are read too. */
export function readMessage(line: string, id: string, hash: string | undefined, streaming: boolean): Message {
  let a: unknown;
  try { a = JSON.parse(line); } catch { return { protocolError: `an answer that is not JSON: ${preview(line)}` }; }
  if (!isObject(a)) return { protocolError: `an answer that is not a JSON object: ${preview(line)}` };
  if (streaming && 'observation' in a) {
    if (a.id !== id) return { protocolError: `an observation for ${JSON.stringify(a.id)}, expected ${JSON.stringify(id)}` };
    const why = checkObservation(a.observation, 0);
    return why ? { protocolError: `progress line: ${why}` } : { observation: a.observation as unknown as Observation };
  }
  const replace = a.replace === true ? { replace: true } : {};
  if ('error' in a) {
    const e = a.error;
    if (a.id !== id) return { protocolError: `an error answer for ${JSON.stringify(a.id)}, expected ${JSON.stringify(id)}` };
    if (!isObject(e) || !isString(e.kind) || !isString(e.message)) return { protocolError: 'an error answer without error.kind and error.message strings' };
    if (!Object.hasOwn(streaming ? STREAM_ERROR_KINDS : ERROR_KINDS, e.kind)) return { protocolError: `an error of unknown kind ${JSON.stringify(e.kind)}: ${e.message}` };
    const waiting = Array.isArray(e.waiting) ? e.waiting.filter(isWaiting) : undefined;
    return { error: { kind: e.kind, message: e.message, ...(isString(e.pointer) ? { pointer: e.pointer } : {}), ...(waiting ? { waiting } : {}) }, ...replace };
  }
  const why = checkTrace(a, id, hash);
  if (why) return { protocolError: why };
  const { replace: _, ...trace } = a;
  return { trace: trace as unknown as Trace, ...replace };
}

/** The start of a line for messages: short, and with control characters made visible. */
export function preview(line: string, max = 120): string {
  const cut = line.length > max ? `${line.slice(0, max)}… (${line.length} characters)` : line;
  return JSON.stringify(cut);
}
