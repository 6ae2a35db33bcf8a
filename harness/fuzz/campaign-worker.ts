/** A worker thread of workers.ts: one share of a campaign; logs, the result or the error go to the parent. */
import { parentPort, workerData } from 'node:worker_threads';
import { OracleUnavailable, runCampaign, type CampaignOptions } from './campaign.ts';
import { UsageError } from '../primitives/usage-error.ts';

const port = parentPort!;
try {
  const result = await runCampaign({ ...(workerData as CampaignOptions), log: (line) => port.postMessage({ type: 'log', line }) });
  port.postMessage({ type: 'done', result });
} catch (e) {
  const kind = e instanceof OracleUnavailable ? 'oracle' : e instanceof UsageError ? 'usage' : 'other';
  port.postMessage({ type: 'error', kind, message: kind === 'other' ? ((e as Error)?.stack ?? String(e)) : (e as Error).message });
}
