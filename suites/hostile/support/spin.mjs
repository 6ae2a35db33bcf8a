// An implementation that loops synchronously, never yielding, in every scenario it runs; with
// --in-process that loop is in the harness's own process (its worker thread). When
// PEP567_PROBE_MARK names a file, it is written as the loop starts.
import { writeFileSync } from 'node:fs';
import { createAdapter as base } from '../../../dist/adapters/node-als.js';

export async function createAdapter(options) {
  const a = await base(options);
  return Object.assign(a, {
    runMain() {
      if (process.env.PEP567_PROBE_MARK) writeFileSync(process.env.PEP567_PROBE_MARK, 'looping\n');
      for (;;) { /* never yields */ }
    },
  });
}
