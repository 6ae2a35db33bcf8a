/** The observation log of one run: global order, with a sequence number per task path. */
import type { Observation, ObservedError, TraceValue } from '../format/trace.ts';

export class ObservationLog {
  readonly observations: Observation[] = [];
  private readonly seqs = new Map<string, number>();

  /** onObservation is called synchronously with each observation as it is logged (hosts stream them). */
  constructor(private readonly onObservation?: (o: Observation) => void) {}

  value(task: string, step: string, op: string, value: TraceValue): void {
    this.push({ task, seq: this.nextSeq(task), step, op, value });
  }

  error(task: string, step: string, op: string, error: ObservedError): void {
    this.push({ task, seq: this.nextSeq(task), step, op, error });
  }

  private nextSeq(task: string): number {
    const n = this.seqs.get(task) ?? 0;
    this.seqs.set(task, n + 1);
    return n;
  }

  /** What the onObservation listener threw first: the scenario must not see it, the result reports it. */
  listenerError: { error: unknown } | undefined;

  private push(o: Observation): void {
    // The listener first: a host serialises o here, before anything the implementation patched
    // (Array.prototype.push, an index setter) has touched it (harness/runtimes/serve.ts).
    if (this.onObservation) try { this.onObservation(o); } catch (e) { this.listenerError ??= { error: e }; }
    this.observations.push(o);
  }
}
