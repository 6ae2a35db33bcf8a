/** `pep567 --version`: the package and every versioned format it reads or writes (light imports only). */
import { readFileSync } from 'node:fs';
import { ADAPTER_CONTRACT_VERSION } from '../contract/adapter.ts';
import { SCENARIO_FORMAT_VERSION } from '../format/scenario.ts';
import { TRACE_FORMAT } from '../format/trace.ts';
import { REPORT_FORMAT } from '../report/report.ts';
import { PROTOCOL } from '../protocol/protocol.ts';

/** package.json sits two folders up from harness/cli/ and from dist/cli/ alike. */
export function packageVersion(): string {
  return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
}

export function versionText(): string {
  return [
    `pep567-conformance ${packageVersion()}`,
    `scenario format ${SCENARIO_FORMAT_VERSION}`,
    `adapter contract ${ADAPTER_CONTRACT_VERSION}`,
    `runner protocol ${PROTOCOL}`,
    `trace format ${TRACE_FORMAT}`,
    `report format ${REPORT_FORMAT}`,
  ].join('\n') + '\n';
}
