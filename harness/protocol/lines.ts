/**
 * Splits a runner's stdout into lines, in bytes, with a size limit: a line longer than the limit is
 * never accumulated in memory (the reader stops buffering and reports it), and bytes that are not
 * UTF-8 are reported instead of being replaced. End of stream with bytes but no newline is a
 * partial line, reported as such. With a seal (a host's secret, runners/process.ts), a line must
 * start with it and a space; the seal is taken off, and a line without it is reported, never read.
 */

export type LineEvent =
  | { kind: 'line'; text: string }
  | { kind: 'oversized'; bytes: number }
  | { kind: 'not-utf8'; bytes: number }
  /** A line without the seal: written to the channel by something other than the host's own code. */
  | { kind: 'unsealed'; bytes: number }
  | { kind: 'end'; partial: number };

const NEWLINE = 0x0a;

export class LineReader {
  private chunks: Buffer[] = [];
  private held = 0;
  /** Bytes seen of a line already reported as too long; counted, not kept, until its newline. */
  private overflow = 0;
  private queue: LineEvent[] = [];
  private waiter: ((e: LineEvent) => void) | undefined;
  private ended = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  private readonly seal: Buffer | undefined;

  constructor(readonly maxLineBytes: number, seal?: string) {
    this.seal = seal === undefined ? undefined : Buffer.from(`${seal} `);
  }

  /** Bytes of an unfinished line currently held (a partial line, if the stream stopped here). */
  get pendingBytes(): number { return this.held + this.overflow; }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, start);
      const end = nl < 0 ? chunk.length : nl;
      this.take(chunk.subarray(start, end));
      if (nl < 0) break;
      this.finishLine();
      start = nl + 1;
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.deliver({ kind: 'end', partial: this.pendingBytes });
  }

  /** The next event; after 'end', always 'end'. */
  next(): Promise<LineEvent> {
    const e = this.queue.shift();
    if (e) { if (e.kind === 'end') this.queue.unshift(e); return Promise.resolve(e); }
    return new Promise((resolve) => { this.waiter = resolve; });
  }

  /** Lines already received that nobody asked for yet (unsolicited output). */
  get queued(): number { return this.queue.filter((e) => e.kind !== 'end').length; }

  private take(part: Buffer): void {
    if (!part.length) return;
    if (this.overflow) { this.overflow += part.length; return; }
    if (this.held + part.length > this.maxLineBytes) {
      // Reported at once: the harness need not wait for the end of a line it will refuse anyway.
      this.overflow = this.held + part.length;
      this.chunks = [];
      this.held = 0;
      this.deliver({ kind: 'oversized', bytes: this.overflow });
      return;
    }
    this.chunks.push(Buffer.from(part));
    this.held += part.length;
  }

  private finishLine(): void {
    if (this.overflow) { this.overflow = 0; return; }
    let bytes = Buffer.concat(this.chunks, this.held);
    this.chunks = [];
    this.held = 0;
    if (this.seal) {
      if (bytes.length < this.seal.length || !bytes.subarray(0, this.seal.length).equals(this.seal)) { this.deliver({ kind: 'unsealed', bytes: bytes.length }); return; }
      bytes = bytes.subarray(this.seal.length);
    }
    let text: string;
    try { text = this.decoder.decode(bytes); } catch { this.deliver({ kind: 'not-utf8', bytes: bytes.length }); return; }
    this.deliver({ kind: 'line', text: text.endsWith('\r') ? text.slice(0, -1) : text });
  }

  private deliver(e: LineEvent): void {
    const w = this.waiter;
    if (w) { this.waiter = undefined; w(e); } else this.queue.push(e);
  }
}
