/**
 * `otel-async-hooks`: OpenTelemetry's context API over `AsyncHooksContextManager` from
 * `@opentelemetry/context-async-hooks` 2.12.1, the last line that has it (it tracks contexts per
 * async resource with `async_hooks.createHook`). The mapping is in ./otel.ts.
 */
import { AsyncHooksContextManager } from '@opentelemetry/context-async-hooks';
import { createOtelAdapter, packageVersion } from './otel.ts';

export function createAdapter() {
  return createOtelAdapter('otel-async-hooks', `AsyncHooksContextManager ${packageVersion('@opentelemetry/context-async-hooks')}`, () => new AsyncHooksContextManager());
}

export default createAdapter;
