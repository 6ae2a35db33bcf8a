/**
 * A PEP 567 implementation (the harness's test adapter) whose name, version, values and error
 * messages are hostile strings: every string value it reads back carries markup and workflow
 * commands, and a lookup of an unset variable throws an error it cannot classify, with a hostile
 * message (an ERROR result with that text and a stack).
 */
import type { Adapter, AdapterOptions } from '../../../harness/contract/adapter.ts';
import { createTestAdapter } from '../../harness/support/als-adapter.ts';
import { CDATA_END, CONTROLS, GH_COMMAND, IMG, LONG, SCRIPT, SVG } from './hostile.ts';

export function createAdapter(options: AdapterOptions): Adapter {
  const base = createTestAdapter(options);
  const classify = base.classifyError.bind(base);
  return {
    ...base,
    name: `${SCRIPT}${IMG}`,
    version: `1.0${GH_COMMAND}${CDATA_END}`,
    get(v, d) {
      let value;
      try { value = base.get(v, d); } catch (e) {
        if (classify(e)?.kind === 'LookupError') throw new Error(`${SVG}${CONTROLS}${GH_COMMAND}`);
        throw e;
      }
      return typeof value === 'string' ? `${SCRIPT}${value}${CONTROLS}${LONG}` : value;
    },
  };
}
