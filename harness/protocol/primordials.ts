/**
 * The host's own copies of every built-in its protocol path relies on, taken when this module is
 * evaluated: entries/host.ts imports it first, before anything of the implementation loads. An
 * adapter that replaces JSON.stringify, Array.prototype.push, Object.keys, a stream's write or a
 * Hash's digest at import changes what it sees, never what the host sends (Node's own internals
 * keep their "primordials" the same way). Calls go through ReflectApply on the captured functions,
 * so a patched prototype method is never looked up.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { types } from 'node:util';

export const ReflectApply = Reflect.apply;
export const ReflectOwnKeys = Reflect.ownKeys;
export const ReflectGetOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
export const ReflectDefineProperty = Reflect.defineProperty;
export const ObjectCreate = Object.create;
export const ObjectFreeze = Object.freeze;
export const ArrayIsArray = Array.isArray;
export const JSONParse = JSON.parse;
export const JSONStringify = JSON.stringify;
export const NumberIsFinite = Number.isFinite;
export const StringFromCharCode = String.fromCharCode;
export const MathRandom = Math.random;
export const isProxy = types.isProxy;
export const ArrayPrototypeSort = Array.prototype.sort;
export const StringPrototypeCharCodeAt = String.prototype.charCodeAt;
export const StringPrototypeSlice = String.prototype.slice;
export const BufferAlloc = Buffer.alloc;
export const BufferFrom = Buffer.from;
export const BufferConcat = Buffer.concat;
export const BufferByteLength = Buffer.byteLength;
export const BufferPrototypeIndexOf = Buffer.prototype.indexOf;
export const BufferPrototypeSubarray = Buffer.prototype.subarray;
export const BufferPrototypeToString = Buffer.prototype.toString;
export const BufferPrototypeEquals = Buffer.prototype.equals;
export const fsReadSync = fs.readSync;
export const fsWritevSync = fs.writevSync;
export const fsCloseSync = fs.closeSync;
export const createSha256 = () => createHash('sha256');
const HashPrototype = Object.getPrototypeOf(createHash('sha256')) as { update: Function; digest: Function };
export const HashPrototypeUpdate = HashPrototype.update;
export const HashPrototypeDigest = HashPrototype.digest;
export const processExit = process.exit.bind(process);
export const processKill = process.kill.bind(process);

const TypedArrayLength = Reflect.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'length')!.get!;
/** A Buffer's length, without the patchable %TypedArray%.prototype.length getter. */
export const byteLength = (b: Uint8Array): number => ReflectApply(TypedArrayLength, b, []) as number;

/** Appends item to list, without Array.prototype.push or an inherited index setter. */
export function appendOwn<T>(list: T[], item: T): void {
  ReflectDefineProperty(list, ReflectGetOwnPropertyDescriptor(list, 'length')!.value as number, { __proto__: null, value: item, writable: true, enumerable: true, configurable: true } as PropertyDescriptor);
}
