/**
 * A host's stdout and stderr (the implementation's own prints, a banner at import, a fatal
 * error) passed through to the harness's stderr, line by line, each line prefixed with who wrote
 * it and with control characters escaped (a printed "\r" or escape sequence cannot redraw the
 * terminal, a newline cannot start a line of its own). At most RELAY_LIMIT bytes per process are
 * passed through; the rest is counted, and said once. `keep` sees every chunk (the last stderr
 * lines for messages).
 */
import type { Readable } from 'node:stream';

export const RELAY_LIMIT = 64 * 1024;

/** C0 and C1 control characters but tab, and DEL, as \xNN / \uNNNN. */
export function escapeControls(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

export function relayOutput(streams: Readable[], label: string, keep: (chunk: Buffer) => void,
  write: (text: string) => void = (t) => { process.stderr.write(t); }): void {
  const prefix = `pep567 [${escapeControls(label)}] `;
  let budget = RELAY_LIMIT;
  let dropped = 0;
  let ended = 0;
  const say = (text: string) => {
    if (budget <= 0) { dropped += text.length; return; }
    budget -= text.length;
    write(`${prefix}${escapeControls(text)}\n`);
  };
  for (const s of streams) {
    let partial = '';
    s.setEncoding?.('utf8');
    s.on('data', (c: string) => {
      keep(Buffer.from(c));
      const parts = (partial + c).split('\n');
      partial = parts.pop()!;
      // One unending line is passed through in pieces rather than held.
      if (partial.length > 4096) { parts.push(partial); partial = ''; }
      for (const l of parts) say(l.endsWith('\r') ? l.slice(0, -1) : l);
    });
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      if (partial) say(partial);
      partial = '';
      if (++ended === streams.length && dropped) write(`${prefix}(${dropped} more characters of output not shown)\n`);
    };
    s.on('end', end);
    s.on('close', end);
    s.on('error', () => {});
  }
}
