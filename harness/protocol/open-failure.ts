/** An implementation named correctly that could not be started (a host that hangs or dies while loading): its run reports every scenario with this status and says why. */
import type { SourceFailure } from './source.ts';

export class OpenFailure extends Error {
  constructor(readonly status: SourceFailure['status'], message: string) { super(message); }
}
