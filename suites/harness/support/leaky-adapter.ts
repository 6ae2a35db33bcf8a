/** The test adapter with tasks sharing their creator's context: a non-conforming implementation. */
import type { AdapterOptions } from '../../../harness/contract/adapter.ts';
import { createTestAdapter } from './als-adapter.ts';

export const createAdapter = (options: AdapterOptions) => createTestAdapter(options, { tasksShareContext: true });
