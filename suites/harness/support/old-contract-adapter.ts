/** An adapter stating a contract major version the harness does not speak. */
import type { AdapterOptions } from '../../../harness/contract/adapter.ts';
import { createTestAdapter } from './als-adapter.ts';

export default (options: AdapterOptions) => ({ ...createTestAdapter(options), contract: '0.9.0' });
