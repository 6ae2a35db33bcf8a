import { expect } from 'chai';
import { scenarioHash } from '../../harness/primitives/canonical.ts';
import { LineReader, type LineEvent } from '../../harness/protocol/lines.ts';
import { ERROR_KINDS, readAnswer, readHandshake } from '../../harness/protocol/protocol.ts';

async function events(reader: LineReader, n: number): Promise<LineEvent[]> {
  const out: LineEvent[] = [];
  for (let i = 0; i < n; i++) out.push(await reader.next());
  return out;
}

describe('runners: reading the protocol', () => {
  it('splits lines across chunks, in bytes, keeping multi-byte characters whole', async () => {
    const r = new LineReader(1024);
    const text = Buffer.from('{"a":"é€"}\r\n{"b":1}\n', 'utf8');
    for (const byte of text) r.push(Buffer.from([byte]));
    r.push(Buffer.from('tail'));
    r.end();
    expect(await events(r, 4)).to.deep.equal([
      { kind: 'line', text: '{"a":"é€"}' }, { kind: 'line', text: '{"b":1}' }, { kind: 'end', partial: 4 }, { kind: 'end', partial: 4 },
    ]);
  });

  it('reports an oversized line as soon as it passes the limit, then skips to its end', async () => {
    const r = new LineReader(10);
    r.push(Buffer.from('0123456'));
    r.push(Buffer.from('789abc'));
    expect(r.pendingBytes).to.equal(13);
    expect(await r.next()).to.deep.equal({ kind: 'oversized', bytes: 13 });
    r.push(Buffer.from('more\nok\n'));
    expect(await r.next()).to.deep.equal({ kind: 'line', text: 'ok' });
  });

  it('reports bytes that are not UTF-8 instead of replacing them', async () => {
    const r = new LineReader(100);
    r.push(Buffer.from([0x7b, 0xff, 0x7d, 0x0a]));
    expect(await r.next()).to.deep.equal({ kind: 'not-utf8', bytes: 3 });
  });

  it('accepts a complete handshake and says what is wrong with others', () => {
    const good = { protocol: 'pep567-runner/1', implementation: { name: 'x', version: '1' }, recorder: '1', features: ['vars'] };
    expect(readHandshake(JSON.stringify(good))).to.deep.equal(good);
    const bad: [unknown, RegExp][] = [
      [{ ...good, protocol: 'pep567-runner/2' }, /speaks "pep567-runner\/2"/],
      [{ ...good, implementation: { name: '', version: '1' } }, /implementation must be/],
      [{ ...good, features: 'vars' }, /features must be an array/],
      [{ ...good, differs: { set: 3 } }, /differs must map/],
      [[good], /not a JSON object/],
    ];
    for (const [h, why] of bad) expect(readHandshake(JSON.stringify(h))).to.match(why);
    expect(readHandshake('{"protocol":')).to.match(/not JSON/);
  });

  it('accepts a trace for the request and refuses one for another scenario, hash or shape', () => {
    const scenario = { title: 't', features: [], program: [] };
    const hash = scenarioHash(scenario);
    const trace = { format: 'pep567-trace/1', scenario: 'a/b', scenarioHash: hash, implementation: { name: 'x', version: '1' }, recorder: '1',
      observations: [{ task: 'main', seq: 0, step: '/program', op: 'end', value: null }] };
    expect(readAnswer(JSON.stringify(trace), 'a/b', hash)).to.deep.equal({ trace });
    const refused: [unknown, RegExp][] = [
      [{ ...trace, scenario: 'a/c' }, /for scenario "a\/c"/],
      [{ ...trace, scenarioHash: '00' }, /hashed the scenario as "00"/],
      [{ ...trace, format: 'pep567-trace/2' }, /trace format/],
      [{ ...trace, observations: [{ task: 'main', seq: '0', step: '/program', op: 'end' }] }, /observation 0/],
      [{ ...trace, notes: 'x' }, /notes must be/],
      [{ id: 'a/c', error: { kind: 'crash', message: 'm' } }, /error answer for "a\/c"/],
      [{ id: 'a/b', error: { kind: 'melted', message: 'm' } }, /unknown kind "melted"/],
      [{ id: 'a/b', error: 'boom' }, /without error.kind/],
    ];
    for (const [a, why] of refused) {
      const r = readAnswer(JSON.stringify(a), 'a/b', hash);
      expect('protocolError' in r && r.protocolError, JSON.stringify(a)).to.match(why);
    }
    for (const kind of Object.keys(ERROR_KINDS))
      expect(readAnswer(JSON.stringify({ id: 'a/b', error: { kind, message: 'm', pointer: '/program/0' } }), 'a/b', hash))
        .to.deep.equal({ error: { kind, message: 'm', pointer: '/program/0' } });
  });
});
