/**
 * What reaches the terminal from strings nobody here wrote (issue 20, item 4): an adapter's name,
 * version and error text, a fixture's title, a module's load error. Through the real CLI in a child
 * process: no control character, no line of its own, and no line GitHub Actions would run as a
 * workflow command (`::error …`), on stdout or stderr.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordCommand } from '../../harness/cli/commands/record.ts';
import { terminal, terminalLine } from '../../harness/report/render/escape.ts';
import { runCli } from '../support/cli.ts';
import { HOSTILE_ADAPTER } from './support/reports.ts';
import { GH_COMMAND, terminalDangers, writeHostileFixtures } from './support/hostile.ts';

const dangers = terminalDangers;

describe('terminal output of hostile strings', function () {
  this.timeout(240000);
  const root = mkdtempSync(join(tmpdir(), 'pep567-terminal-'));
  after(() => { rmSync(root, { recursive: true, force: true }); });

  it('escapes controls, keeps or escapes newlines, and breaks a leading ::', () => {
    expect(terminal('a\u001b[31mb\nc')).to.equal('a\\u001b[31mb\nc');
    expect(terminal('x\n  ::error::y\n::z')).to.equal('x\n  \\u003a:error::y\n\\u003a:z');
    expect(terminalLine('name\n::error title=t::forged\r')).to.equal('name\\n::error title=t::forged\\r');
    expect(terminalLine('::add-mask::x')).to.equal('\\u003a:add-mask::x');
    expect(terminalLine('a :: b')).to.equal('a :: b');
    expect(dangers(terminalLine(`v${GH_COMMAND}\u0085\u2028`))).to.deep.equal([]);
  });

  it('a run of the hostile adapter on hostile fixtures: its name, version, errors and titles stay inside their lines', async () => {
    const fixtures = join(root, 'fixtures'), traces = join(root, 'traces');
    writeHostileFixtures(fixtures);
    const quiet = () => {};
    expect(await recordCommand({ python: ['python3'], discover: false, fixturesDir: fixtures, tracesDir: traces, out: quiet, err: quiet })).to.equal(0);
    const r = runCli(['run', '--impl', HOSTILE_ADAPTER, '--impl', 'model', '--fixtures', fixtures, '--traces', traces, '--report', join(root, 'report')], { timeout: 200000 });
    expect(r.code, r.err).to.equal(1);
    expect(dangers(r.out), 'stdout').to.deep.equal([]);
    expect(dangers(r.err), 'stderr').to.deep.equal([]);
    // The hostile text is there, escaped, not dropped: the version's newline and command as \n::error::forged.
    expect(r.out).to.contain('\\n::error::forged');
    expect(r.out).to.contain('\\u001b[31m');
    expect(r.out.trimEnd().split('\n').at(-1)).to.match(/^\d+ passed, \d+ failed/);
  });

  it('with --format github, the only workflow commands are the harness\'s own annotations', () => {
    const fixtures = join(root, 'fixtures'), traces = join(root, 'traces');
    const r = runCli(['run', '--impl', HOSTILE_ADAPTER, '--fixtures', fixtures, '--traces', traces, '--format', 'github', '--report', join(root, 'report-gh')], { timeout: 200000 });
    expect(r.code, r.err).to.equal(1);
    const commands = r.out.split('\n').filter((l) => /^\s*::/.test(l));
    expect(commands).to.have.length.greaterThan(0);
    for (const c of commands) expect(c).to.match(/^::(error|warning|notice) (file=[^,:]*,(line=\d+,)?)?title=[^:]*::[^\n]*$/);
    expect(dangers(r.out.split('\n').filter((l) => !/^::(error|warning|notice) /.test(l)).join('\n'))).to.deep.equal([]);
    expect(r.out).to.not.match(/^::error::forged/m).and.not.match(/^::stop-commands/m);
  });

  it('a module that fails to load with a hostile message: one escaped line, exit 2', () => {
    const dir = join(root, 'mod');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'throws.mjs');
    writeFileSync(file, `throw new Error(${JSON.stringify(`boom\n::error title=forged::pwned\u001b[31m`)});\n`);
    for (const mode of [[], ['--in-process']]) {
      const r = runCli(['run', ...mode, '--impl', file, '--include', 'getset/get-lookup-order', '--report', join(root, 'report-mod')], { timeout: 60000 });
      expect(r.code, `${mode.join(' ')} ${r.err}`).to.equal(2);
      expect(dangers(r.out + r.err), mode.join(' ') || 'host').to.deep.equal([]);
      expect(r.err).to.contain('error title=forged::pwned\\u001b[31m');
    }
  });
});
