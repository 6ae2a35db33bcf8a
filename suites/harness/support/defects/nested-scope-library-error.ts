/** A library that refuses a synchronous scope nested in another with an error of its own (contract 1.5 LibraryError): cause foreign-error. */
import { LibraryError, type AdapterOptions } from '../../../../harness/contract/adapter.ts';
import { refusingNestedScopes } from './scope-refused.ts';

export const createAdapter = (options: AdapterOptions) =>
  refusingNestedScopes(options, 'defect-nested-scope-library-error', () => new LibraryError('nested scopes are not supported'));
