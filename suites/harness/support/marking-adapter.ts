/**
 * The test adapter, which also appends a line to the file PEP567_TEST_LOAD_MARK names when a
 * process loads it: a spec can tell whether a run started its host at all.
 */
import { appendFileSync } from 'node:fs';
import type { AdapterOptions } from '../../../harness/contract/adapter.ts';
import { createTestAdapter } from './als-adapter.ts';

const mark = process.env.PEP567_TEST_LOAD_MARK;
if (mark) appendFileSync(mark, `${process.pid}\n`);

export const createAdapter = (options: AdapterOptions) => createTestAdapter(options);
