/** Refuses a synchronous scope nested in another with RuntimeError, an error CPython does not raise there: cause spurious-error. */
import type { AdapterOptions } from '../../../../harness/contract/adapter.ts';
import { PyError } from '../../../../harness/model/contextvars.ts';
import { refusingNestedScopes } from './scope-refused.ts';

export const createAdapter = (options: AdapterOptions) =>
  refusingNestedScopes(options, 'defect-nested-scope-runtime-error', () => new PyError('RuntimeError', 'nested scopes are not supported'));
