// The same consumer adapter in TypeScript, typed by the package's contract (stock tsconfig, no
// allowImportingTsExtensions): a wrong member type here is a compile error in the consumer test.
import { ADAPTER_CONTRACT_VERSION, MISSING, type Adapter, type AdapterFactory, type DefaultArg, type Value } from 'pep567-conformance';

// No parameter properties or enums: Node's own type stripping (22.18+) runs this file as is.
class PyError extends Error {
  readonly kind: string;
  constructor(kind: string, message: string) { super(message); this.kind = kind; }
}
interface Var { name: string; d?: DefaultArg }
interface Tok { v: Var; old: Value | typeof MISSING; used: boolean }
const unsupported = (): never => { throw new Error('not supported by this adapter'); };

export const createAdapter: AdapterFactory = () => {
  const values = new Map<Var, Value>();
  const adapter: Adapter<Var, Tok> = {
    contract: ADAPTER_CONTRACT_VERSION, name: 'consumer-vars-ts', version: '0.0.1', features: ['vars', 'set', 'defaults', 'tokens', 'errors'],
    newVar: (name, d) => ({ name, ...(d ? { d } : {}) }),
    get(v, d) {
      if (values.has(v)) return values.get(v)!;
      if (d) return d.default;
      if (v.d) return v.d.default;
      throw new PyError('LookupError', `<ContextVar name='${v.name}' at 0x7f00>`);
    },
    set(v, value) {
      const t: Tok = { v, old: values.has(v) ? values.get(v)! : MISSING, used: false };
      values.set(v, value);
      return t;
    },
    reset(v, t) {
      if (t.used) throw new PyError('RuntimeError', 'token has already been used once');
      if (t.v !== v) throw new PyError('ValueError', 'token was created by a different ContextVar');
      if (t.old === MISSING) values.delete(v); else values.set(v, t.old);
      t.used = true;
    },
    tokenVar: (t) => t.v, tokenOldValue: (t) => t.old,
    copyContext: unsupported, newContext: unsupported, contextCopy: unsupported, run: unsupported,
    getItem: unsupported, contains: unsupported, contextGet: unsupported, size: unsupported,
    keys: unsupported, values: unsupported, items: unsupported, equals: unsupported,
    runMain: (body) => body(),
    spawn: unsupported, awaitTask: unsupported, callCoroutine: (body) => body(), yieldOnce: () => Promise.resolve(),
    gather: unsupported, taskGroup: unsupported, callSoon: unsupported,
    newEvent: unsupported, setEvent: unsupported, waitEvent: unsupported,
    classifyError: (e) => (e instanceof PyError ? { kind: e.kind, message: e.message } : undefined),
  };
  return adapter;
};
