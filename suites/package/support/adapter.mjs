// A consumer's adapter, plain JavaScript: variables and tokens only (no contexts, no tasks), on one Map.
// Scenarios needing more are UNSUPPORTED, never failed; the contract version comes from the package.
import { ADAPTER_CONTRACT_VERSION, MISSING } from 'pep567-conformance';

class PyError extends Error {
  constructor(kind, message) { super(message); this.kind = kind; }
}
const unsupported = () => { throw new Error('not supported by this adapter'); };

export function createAdapter() {
  const values = new Map();
  return {
    contract: ADAPTER_CONTRACT_VERSION, name: 'consumer-vars', version: '0.0.1', features: ['vars', 'set', 'defaults', 'tokens', 'errors'],
    newVar: (name, d) => ({ name, d }),
    get(v, d) {
      if (values.has(v)) return values.get(v);
      if (d) return d.default;
      if (v.d) return v.d.default;
      throw new PyError('LookupError', `<ContextVar name='${v.name}' at 0x7f00>`);
    },
    set(v, value) {
      const t = { v, old: values.has(v) ? values.get(v) : MISSING, used: false };
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
}
