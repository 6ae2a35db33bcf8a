/**
 * `pep567 show ID --js --impl ADAPTER > repro.mjs && node repro.mjs` prints the observations the
 * harness made (issue 19 §4): for every scenario each built-in JS adapter is judged on, the module
 * (written as the CLI writes it) run by a plain `node`, outside the harness, prints exactly the
 * observations of the harness's report, in order. One CLI run through the command itself checks the
 * command's own output.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { adapterModule } from '../../harness/adapters/builtin.ts';
import { loadAll } from '../../harness/scenarios/load.ts';
import { observationJson, scenarioToJs } from '../../harness/show/js.ts';
import type { Report } from '../../harness/report/report.ts';
import { ROOT, runCli } from '../support/cli.ts';

const run = promisify(execFile);
const ADAPTERS = ['node-als', 'asynccontext', 'otel-als', 'otel-async-hooks'] as const;
/** Verdicts that depend on what ran before in the same process (harness/adapters/FINDINGS.md): the repro runs the scenario alone, the harness after the others. */
const HOOK_SENSITIVE: Record<string, readonly string[]> = { asynccontext: ['divergences/default-visible-to-earlier-task'] };

/** The observation lines a repro printed (the JSON before "  # CPython:"). */
const printed = (out: string) => out.split('\n').filter((l) => l.startsWith('{')).map((l) => l.split('  # CPython: ')[0]!);
/** Per task, in order (a PASS result keeps no trace of its own: CPython's stands for it, equal per task, as the comparator judges). */
const perTask = (lines: string[]) => {
  // Messages are compared at the strict level only: a PASS at the semantic level may print other ones.
  const rows = lines.map((l) => { const o = JSON.parse(l) as { task: string; seq: number; error?: { message?: string } }; if (o.error) delete o.error.message; return o; });
  return JSON.stringify(rows.sort((a, b) => (a.task < b.task ? -1 : a.task > b.task ? 1 : a.seq - b.seq)));
};

describe('show --js: the standalone repro prints the harness\'s observations', function () {
  this.timeout(900_000);
  let tmp: string;
  let report: Report;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'pep567-repro-'));
    const r = runCli(['run', ...ADAPTERS.flatMap((a) => ['--impl', a]), '--report', join(tmp, 'report')], { timeout: 280_000 });
    expect(r.code, r.err).to.equal(1);
    report = JSON.parse(readFileSync(join(tmp, 'report', 'report.json'), 'utf8')) as Report;
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('the command writes a module that runs', async () => {
    const r = runCli(['show', 'tasks/siblings-no-bleed', '--js', '--impl', 'node-als']);
    expect(r.code, r.err).to.equal(0);
    const file = join(tmp, 'cli-repro.mjs');
    writeFileSync(file, r.out);
    const { stdout } = await run(process.execPath, [file], { cwd: ROOT });
    expect(stdout).to.include('first divergence');
    expect(printed(stdout).length).to.be.greaterThan(3);
  });

  for (const name of ADAPTERS) {
    it(`${name}: every judged scenario`, async () => {
      const scenarios = new Map(loadAll().scenarios.map((s) => [s.id, s]));
      const runOf = report.runs.find((x) => x.implementation.spec === name)!;
      const judged = runOf.results.filter((x) => (x.status === 'PASS' || x.status === 'FAIL') && !(HOOK_SENSITIVE[name] ?? []).includes(x.id));
      expect(judged.length).to.be.greaterThan(50);
      const harness = new URL('../../dist/index.js', import.meta.url).href;
      const mismatches: string[] = [];
      const queue = [...judged];
      const worker = async () => {
        for (let x = queue.shift(); x; x = queue.shift()) {
          const s = scenarios.get(x.id)!;
          const expected = JSON.parse(readFileSync(join(ROOT, 'reference', 'traces', x.reference, `${x.id}.json`), 'utf8'));
          const file = join(tmp, `${name}-${x.id.replace(/\//g, '--')}.mjs`);
          writeFileSync(file, scenarioToJs({ id: x.id, hash: s.hash, scenario: s.scenario, expected: expected.observations, reference: { dir: x.reference, name: 'cpython', version: x.reference.replace(/^cpython-/, '') }, adapter: adapterModule(name).href, harness }));
          const { stdout } = await run(process.execPath, [file], { cwd: ROOT });
          const harnessSaw = (x.status === 'FAIL' ? x.traces!.actual : expected.observations).map(observationJson);
          const ordered = (s.scenario.flags ?? []).includes('ordered');
          const same = ordered && x.status === 'FAIL' ? JSON.stringify(printed(stdout)) === JSON.stringify(harnessSaw) : perTask(printed(stdout)) === perTask(harnessSaw);
          if (!same) mismatches.push(x.id);
        }
      };
      await Promise.all([worker(), worker()]);
      expect(mismatches).to.deep.equal([]);
    });
  }
});
