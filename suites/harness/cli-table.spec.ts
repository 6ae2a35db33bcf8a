/** The CLI's light command table (commands/index.ts) agrees with the command modules it loads on use. */
import { expect } from 'chai';
import { Command } from 'commander';
import { COMMANDS } from '../../harness/cli/commands/index.ts';
import { versionText } from '../../harness/cli/version.ts';
import { SCENARIO_FORMAT_VERSION } from '../../harness/format/scenario.ts';
import { pep567 } from '../support/cli.ts';

describe('pep567 command table', () => {
  for (const entry of COMMANDS) {
    it(`${entry.name}: the module registers that command with the table's description`, async () => {
      const program = new Command('pep567');
      (await entry.load()).register(program, () => {});
      expect(program.commands.map((c) => c.name())).to.deep.equal([entry.name]);
      expect(program.commands[0]!.description()).to.equal(entry.description);
    });
  }

  it('--help lists every command, and --version names the formats', () => {
    const help = pep567('--help');
    expect(help.code).to.equal(0);
    for (const c of COMMANDS) expect(help.out).to.match(new RegExp(`^  ${c.name}\\b`, 'm'));
    const v = pep567('--version');
    expect(v.code).to.equal(0);
    expect(v.out).to.equal(versionText());
    expect(v.out).to.contain(`scenario format ${SCENARIO_FORMAT_VERSION}`);
  });

  it('shows one command\'s own options with help NAME, and a usage error for an unknown one', () => {
    const h = pep567('help', 'run');
    expect(h.code).to.equal(0);
    expect(h.out).to.contain('--impl <spec>');
    const bad = pep567('frobnicate');
    expect(bad.code).to.equal(2);
    expect(bad.err).to.match(/^usage: pep567 run\|list\|/m);
  });
});
