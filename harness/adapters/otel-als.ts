/**
 * `otel-als`: OpenTelemetry's context API over `AsyncLocalStorageContextManager` from
 * `@opentelemetry/context-async-hooks` 2.12.1 (Node ≥ 20.6). The mapping is in ./otel.ts.
 */
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createOtelAdapter, packageVersion } from './otel.ts';

export function createAdapter() {
  return createOtelAdapter('otel-als', `AsyncLocalStorageContextManager ${packageVersion('@opentelemetry/context-async-hooks')}`, () => new AsyncLocalStorageContextManager());
}

export default createAdapter;
