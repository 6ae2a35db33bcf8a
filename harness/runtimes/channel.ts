/**
 * The host's side of its protocol channel: file descriptor 3, a socket the harness opened for this
 * host alone (runners/process.ts, `channel: 'fd3'`). The implementation's stdout and stderr are
 * plain output the harness passes through; nothing it prints can be read as an answer.
 *
 * The first line the harness writes is the run's secret. It is read here, with blocking reads,
 * before the implementation is imported, into a Buffer (off the JavaScript heap, so a heap
 * snapshot does not show it) and never made a string; every line the host sends starts with it.
 * An implementation that writes to fd 3 itself cannot produce that prefix, so its line is refused
 * (PROTOCOL_ERROR), never read as a result. Reads and writes are blocking system calls through the
 * captured fs functions of primordials.ts: a patched stream, Buffer or JSON method sees nothing.
 * End of input (the harness closed the channel, or died) ends the host.
 */
import {
  BufferAlloc, BufferConcat, byteLength, BufferFrom, BufferPrototypeIndexOf, BufferPrototypeSubarray, BufferPrototypeToString,
  fsReadSync, fsWritevSync, ReflectApply,
} from '../protocol/primordials.ts';

export const CHANNEL_FD = 3;
const CHUNK = 65536;
const NEWLINE = 0x0a;
const pause = new Int32Array(new SharedArrayBuffer(4));
const AtomicsWait = Atomics.wait;

/** Whether a failed call should simply be retried: the fd was made non-blocking (EAGAIN) or a signal interrupted it. */
const transient = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR';
};

export interface Channel {
  /** The next line from the harness (without its newline), or null at end of input. */
  next(): string | null;
  /** Sends one line, sealed with the secret. */
  send(text: string): void;
}

export function openChannel(fd = CHANNEL_FD): Channel {
  let pending: Buffer = BufferAlloc(0);
  let ended = false;

  const readMore = (): boolean => {
    const chunk = BufferAlloc(CHUNK);
    for (;;) {
      let n: number;
      try { n = fsReadSync(fd, chunk, 0, CHUNK, null); } catch (e) {
        if (transient(e)) { AtomicsWait(pause, 0, 0, 1); continue; }
        return false;
      }
      if (n === 0) return false;
      pending = BufferConcat([pending, ReflectApply(BufferPrototypeSubarray, chunk, [0, n]) as Buffer]);
      return true;
    }
  };

  /** The next line as bytes, or null at end of input (an unfinished last line is dropped). */
  const nextBytes = (): Buffer | null => {
    for (;;) {
      const nl = ReflectApply(BufferPrototypeIndexOf, pending, [NEWLINE]) as number;
      if (nl >= 0) {
        const line = ReflectApply(BufferPrototypeSubarray, pending, [0, nl]) as Buffer;
        pending = ReflectApply(BufferPrototypeSubarray, pending, [nl + 1]) as Buffer;
        return line;
      }
      if (ended || !readMore()) { ended = true; return null; }
    }
  };

  const first = nextBytes();
  if (!first || !byteLength(first)) throw new Error('the protocol channel (fd 3) gave no secret');
  // A copy of its own: the read buffer is dropped, the secret stays in this closure only.
  const seal = BufferConcat([first, BufferFrom(' ')]);

  const writeAll = (data: Buffer) => {
    let off = 0;
    const total = byteLength(data);
    while (off < total) {
      try { off += fsWritevSync(fd, [ReflectApply(BufferPrototypeSubarray, data, [off]) as Buffer]); } catch (e) {
        if (transient(e)) { AtomicsWait(pause, 0, 0, 1); continue; }
        throw e;
      }
    }
  };

  return {
    next() {
      const line = nextBytes();
      return line === null ? null : ReflectApply(BufferPrototypeToString, line, ['utf8']) as string;
    },
    send(text: string) {
      writeAll(BufferConcat([seal, BufferFrom(text + '\n', 'utf8')]));
    },
  };
}
