/**
 * One isolated host per JavaScript implementation (issue 10, section 2): node-als and asynccontext
 * run in a host process under the harness's Node by default and give the verdicts of their
 * `@node20` runtime rows, scenario by scenario; `--in-process` keeps them here; `--isolation
 * scenario` starts a fresh host per scenario; the host streams observations when asked.
 */
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { loadAll, loadScenarioFile } from '../../harness/scenarios/load.ts';
import type { SourceOptions, TraceSource } from '../../harness/protocol/source.ts';
import { openSource } from '../../harness/implementations/table.ts';
import { canonicalReference, loadTrace } from '../../harness/traces/traces.ts';
import type { ScenarioResult } from '../../harness/report/report.ts';
import { runScenario } from '../../harness/run/scenario.ts';
import type { RunnerClient } from '../../harness/protocol/client.ts';
import { RunnerProcess } from '../../harness/protocol/process.ts';
import { MAX_LINE_BYTES } from '../../harness/protocol/protocol.ts';
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

  it('streams each observation before the answer when the request asks, and only then', async () => {
    const id = 'tasks/parent-later-changes-unseen';
    const scenario = fixture(id).scenario;
    // As the harness speaks to it (host.ts): on its own channel, fd 3, every line sealed with the secret.
    const host = await RunnerProcess.start({ argv: hostCommand('node-als', options), channel: true, label: 'node-als' }, { startTimeoutMs: 60000, maxLineBytes: MAX_LINE_BYTES });
    try {
      expect(host.handshake).to.include({ protocol: 'pep567-runner/1', revision: 2 });
      const asked = await host.exchange(id, scenario, undefined, 60000, true);
      expect(asked.failure).to.equal(undefined);
      expect(asked.trace!.observations.length).to.be.above(2);
      // Every observation came as a line of its own, for this id (another id is a protocol error), before the answer.
      expect(asked.streamed).to.deep.equal(asked.trace!.observations);
      expect(host.unsolicited).to.equal(0);
      // The second request did not ask: an observation line before its answer would be a protocol error.
      const plain = await host.exchange(id, scenario, undefined, 60000, false);
      expect(plain.failure).to.equal(undefined);
      expect(plain.streamed).to.equal(undefined);
      expect(plain.trace).to.deep.equal(asked.trace);
      expect(host.unsolicited).to.equal(0);
    } finally {
      await host.close(5000);
    }
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
