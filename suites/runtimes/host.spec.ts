/**
 * One isolated host per JavaScript implementation (issue 10, section 2): node-als and asynccontext
 * run in a host process under the harness's Node by default and give the verdicts of their
 * `@node20` runtime rows, scenario by scenario; `--in-process` keeps them here; `--isolation
 * scenario` starts a fresh host per scenario; the host streams observations when asked.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadAll, loadScenarioFile } from '../../harness/scenarios/load.ts';
import type { SourceOptions, TraceSource } from '../../harness/protocol/source.ts';
import { openSource } from '../../harness/implementations/table.ts';
import { canonicalReference, loadTrace } from '../../harness/traces/traces.ts';
import type { ScenarioResult } from '../../harness/report/report.ts';
import { runScenario } from '../../harness/run/scenario.ts';
import type { RunnerClient } from '../../harness/protocol/client.ts';
import { hostCommand } from '../../harness/runtimes/host.ts';
import { findRuntime } from '../../harness/runtimes/runtimes.ts';
import { pep567 } from '../support/cli.ts';

const reference = canonicalReference()!;
const options: SourceOptions = { reference };
const fixture = (id: string) => loadScenarioFile(fileURLToPath(new URL(`../../fixtures/${id}.json`, import.meta.url)));

async function verdicts(source: TraceSource, ids?: string[]): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  try {
    for (const s of loadAll().scenarios.filter((x) => !ids || ids.includes(x.id)))
      out.push(await runScenario(s, { reference, trace: loadTrace(reference, s.id), level: 'semantic', source }));
  } finally {
    await source.close();
  }
  return out;
}

/** A host is spoken to by a RunnerClient (its stats count the processes started). */
const isHost = (s: TraceSource): boolean => s.info.kind === 'adapter' && 'stats' in s;

/** What a verdict is: status and, for a FAIL, where and why it diverged first. */
const verdict = (r: ScenarioResult) => `${r.id} ${r.status} ${r.divergence ? `${r.divergence.reason} ${r.divergence.task}#${r.divergence.seq}` : ''}`;

describe('hosts: one process per JavaScript implementation', function () {
  this.timeout(180000);

  for (const adapter of ['node-als', 'asynccontext']) {
    it(`${adapter} in its host gives the verdicts of ${adapter}@node20, scenario by scenario`, async function () {
      if (!findRuntime('node20')!.binary()) this.skip();
      const { source: hosted } = await openSource(adapter, options);
      const here = (await verdicts(hosted)).map(verdict);
      expect(isHost(hosted)).to.equal(true);
      expect(hosted.info).to.include({ name: adapter, kind: 'adapter' });
      const runtime = (await verdicts((await openSource(`${adapter}@node20`, options)).source)).map(verdict);
      expect(here).to.have.length(loadAll().scenarios.length);
      expect(here).to.deep.equal(runtime);
    });
  }

  it('keeps an adapter in this process with --in-process, and the model there unless --isolation is given', async () => {
    const inProcess = (await openSource('node-als', { ...options, inProcess: true })).source;
    const model = (await openSource('model', options)).source;
    const hostedModel = (await openSource('model', { ...options, isolation: 'implementation' })).source;
    await inProcess.close(); await model.close();
    // The model in a host follows the reference it is given, and passes.
    const ids = ['getset/get-lookup-order', 'tasks/parent-later-changes-unseen', 'tokens/reset-missing-removes'];
    expect((await verdicts(hostedModel, ids)).map((r) => r.status)).to.deep.equal(['PASS', 'PASS', 'PASS']);
    expect([isHost(inProcess), isHost(model), isHost(hostedModel)]).to.deep.equal([false, false, true]);
  });

  it('starts a fresh host for every scenario with --isolation scenario', async () => {
    const { source } = await openSource('node-als', { ...options, isolation: 'scenario' });
    const client = source as RunnerClient;
    const ids = ['getset/get-lookup-order', 'getset/get-reads-the-current-context', 'tasks/parent-later-changes-unseen'];
    const results = await verdicts(source, ids);
    const shared = await verdicts((await openSource('node-als', options)).source, ids);
    expect(results.map(verdict)).to.deep.equal(shared.map(verdict));
    expect(client.stats.started).to.equal(ids.length);
    expect(new Set(client.stats.pids).size).to.equal(ids.length);
  });

  it('streams each observation before the answer when the request asks, and only then', () => {
    const id = 'tasks/parent-later-changes-unseen';
    const scenario = fixture(id).scenario;
    const [node, ...args] = hostCommand('node-als', options);
    const r = spawnSync(node!, args, {
      input: `${JSON.stringify({ id, scenario, stream: true })}\n${JSON.stringify({ id, scenario })}\n`, encoding: 'utf8', timeout: 60000,
    });
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).to.include({ protocol: 'pep567-runner/1', revision: 2 });
    const streamed = lines.slice(1).filter((l) => 'observation' in l);
    const answers = lines.slice(1).filter((l) => !('observation' in l));
    expect(answers).to.have.length(2);
    expect(answers[0].observations.length).to.be.above(2);
    expect(streamed.map((l) => l.observation)).to.deep.equal(answers[0].observations);
    expect(streamed.every((l) => l.id === id)).to.equal(true);
    // The second request did not ask: its answer comes alone, right after the first.
    expect(lines.at(-1)).to.deep.equal(answers[1]);
    expect(lines.at(-2)).to.deep.equal(answers[0]);
  });

  it('refuses --in-process with --isolation, and an unknown isolation, as misuse', () => {
    const both = pep567('run', '--in-process', '--isolation', 'scenario');
    expect(both.code).to.equal(2);
    expect(both.err).to.match(/--in-process and --isolation exclude each other/);
    const odd = pep567('run', '--isolation', 'realm');
    expect(odd.code).to.equal(2);
    expect(odd.err).to.match(/--isolation realm: expected implementation or scenario/);
  });
});
