/**
 * `otel3-als`: OpenTelemetry's context API over `AsyncLocalStorageContextManager` from
 * `@opentelemetry/context-async-hooks` 3.1.1, installed under the npm alias
 * `otel-context-async-hooks-3` beside 2.12.1. 3.x dropped the async-hooks manager and needs
 * Node ≥ 22.15, so it runs only as a runner under node22/node24/node26. The mapping is in ./otel.ts.
 */
import { AsyncLocalStorageContextManager } from 'otel-context-async-hooks-3';
import { createOtelAdapter, packageVersion } from './otel.ts';

export function createAdapter() {
  return createOtelAdapter('otel3-als', `AsyncLocalStorageContextManager ${packageVersion('otel-context-async-hooks-3', '@opentelemetry/context-async-hooks')}`, () => new AsyncLocalStorageContextManager());
}

export default createAdapter;
