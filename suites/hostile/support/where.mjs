// node-als, and where its host runs: the host's /proc/self/cgroup copied to PEP567_PROBE_MARK.
import { readFileSync, writeFileSync } from 'node:fs';
export { createAdapter } from '../../../dist/adapters/node-als.js';

if (process.env.PEP567_PROBE_MARK) writeFileSync(process.env.PEP567_PROBE_MARK, readFileSync('/proc/self/cgroup'));
