/**
 * SIGINT / SIGTERM in the middle of a multi-implementation run, through the real CLI in a child
 * process: the report holds what finished with the rest NOT_RUN, the summary is printed, the exit
 * code is 130 / 143, and no process of the run is left. The signal is sent once the journal shows
 * the second implementation's second result: its third scenario never settles (a runner that stops
 * answering and ignores the end of its input; an adapter run with --in-process whose main task never
 * ends; an adapter in its host, the default for a path, stuck in a synchronous loop), so the signal
 * always lands mid-run, with a scenario in flight. (In a host, a main task that merely never ends is
 * no hang: the host (and, since issue 19, the in-process run) answers STALLED, so that adapter's main
 * keeps a timer firing.)
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { reportErrors } from '../../harness/report/schema/validate.ts';
import { readJournal } from '../../harness/run/journal.ts';
import { applySelection, loadScenarios } from '../../harness/run/select.ts';
import { ROOT, startCli } from '../support/cli.ts';

const INCLUDE = 'getset/*';
const MODEL = pathToFileURL(join(ROOT, 'harness', 'model', 'adapter.ts')).href;
const PYTHON = execFileSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).trim();
const RECORDER = join(ROOT, 'reference', 'recorder.py');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every live descendant of pid (runners run in their own process group, so walk parents, not groups). */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z') parent.set(Number(name), Number(fields[1]));
    } catch { /* gone meanwhile */ }
  }
  const out: number[] = [];
  const walk = (p: number) => { for (const [c, pp] of parent) if (pp === p) { out.push(c); walk(c); } };
  walk(pid);
  return out;
}

/** A process's command line, '' once it is gone. */
const commandLine = (pid: number) => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '); } catch { return ''; } };

const alive = (pid: number) => {
  try { return !readFileSync(`/proc/${pid}/stat`, 'utf8').slice(-200).match(/\) Z /); } catch { return false; }
};

describe('an interrupted run keeps what finished', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'pep567-interrupt-'));
  // The model, except that from its third scenario on runMain hangs: slow's main task never settles;
  // looping's runMain never returns (in its host: no answer, no stall check, deaf to its input).
  const hanging = (name: string, hang: string) => {
    const file = join(dir, `${name}.mjs`);
    writeFileSync(file, [
      `import { createModelAdapter } from ${JSON.stringify(MODEL)};`,
      'let scenarios = 0;',
      'export function createAdapter(options) {',
      `  const a = createModelAdapter(options, undefined, '${name}');`,
      `  return { ...a, version: '1.0.0', runMain: (body) => (++scenarios > 2 ? ${hang} : a.runMain(body)) };`,
      '}',
    ].join('\n'));
    return file;
  };
  // A main task that never ends while a timer keeps firing: not a stall (in process as in a host), so only the signal ends it.
  const slow = hanging('slow', 'new Promise(() => { setInterval(() => {}, 20); })');
  const looping = hanging('looping', '(() => { for (;;) { /* hang */ } })()');
  // The recorder as a runner that passes on its handshake and two answers, then nothing, and outlives its input.
  const mute = join(dir, 'mute-runner.mjs');
  writeFileSync(mute, [
    "import { spawn } from 'node:child_process';",
    "import { createInterface } from 'node:readline';",
    `const child = spawn(${JSON.stringify(PYTHON)}, [${JSON.stringify(RECORDER)}, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });`,
    'process.stdin.pipe(child.stdin);',
    'let lines = 0;',
    "createInterface({ input: child.stdout }).on('line', (l) => { if (++lines <= 3) process.stdout.write(l + '\\n'); });",
    'setInterval(() => {}, 1000);',
  ].join('\n'));
  const selected = applySelection(loadScenarios(), { include: INCLUDE }).length;

  // children: the processes running when the signal comes (the python runner of the third implementation is started already);
  // hosted: for an adapter, whether a host process of its own runs it.
  for (const [signal, code, hung, name, what, flags, children, hosted] of [
    ['SIGINT', 130, `runner:${process.execPath} ${mute}`, 'cpython', 'a runner', [], 3, undefined],
    ['SIGTERM', 143, slow, 'slow', 'an in-process adapter', ['--in-process'], 1, false],
    ['SIGTERM', 143, looping, 'looping', 'an adapter in its host', [], 2, true],
  ] as const) {
    it(`${signal} while ${what} hangs: report of the finished implementations, the rest NOT_RUN, summary printed, exit ${code}, no process left`, async () => {
      const out = join(dir, `${signal}-${name}`);
      const child = startCli(['run', '--impl', 'model', '--impl', hung, '--impl', `python:${PYTHON}`, '--include', INCLUDE, '--timeout', '600000', ...flags, '--report', out, '--format', 'junit']);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (c) => { stdout += c; });
      child.stderr!.on('data', (c) => { stderr += c; });
      const exited = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
      const journal = join(out, 'journal.jsonl');
      const events = () => (existsSync(journal) ? readJournal(readFileSync(journal, 'utf8')) : []);
      // Wait for the slow implementation's second result: its third scenario is then in flight for good.
      for (let i = 0; events().filter((e) => e.event === 'result' && e.run === 1).length < 2; i++) {
        expect(i, `no second result of the slow adapter; stderr: ${stderr}`).to.be.lessThan(1500);
        await sleep(40);
      }
      const family = descendants(child.pid!);
      expect(family.length, 'the runners are running').to.be.at.least(children);
      // An adapter runs in a host of its own exactly when --in-process is not given.
      if (hosted !== undefined) expect(family.filter((p) => commandLine(p).includes(hung)), 'processes running the adapter module').to.have.length(hosted ? 1 : 0);
      child.kill(signal);
      expect(await exited, stdout + stderr).to.equal(code);

      await sleep(300);
      expect(family.filter(alive), 'processes left behind').to.deep.equal([]);
      expect(stderr).to.contain(`pep567: ${signal}: stopping`);
      const lines = stdout.trimEnd().split('\n');
      expect(lines).to.include(`interrupted by ${signal}: ${selected - 2 + selected} scenario(s) not run`);
      expect(lines.at(-1)).to.match(new RegExp(`^\\d+ passed, 0 failed, \\d+ skipped(?: \\([^)]*\\))?, ${2 * selected - 2} not run$`));

      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      expect(reportErrors(report)).to.deep.equal([]);
      expect(report.interrupted).to.deep.equal({ signal });
      const statuses = report.runs.map((r: any) => r.results.map((x: any) => x.status));
      expect(report.runs.map((r: any) => r.implementation.name)).to.deep.equal(['model', name, 'cpython']);
      expect(statuses[0]).to.deep.equal(Array(selected).fill('PASS'));
      expect(statuses[1].slice(0, 2)).to.deep.equal(['PASS', 'PASS']);
      expect(statuses[1].slice(2)).to.deep.equal(Array(selected - 2).fill('NOT_RUN'));
      expect(statuses[2]).to.deep.equal(Array(selected).fill('NOT_RUN'));
      expect(report.summary).to.include({ passed: selected + 2, failed: 0, notRun: 2 * selected - 2 });
      // The other outputs are this run's too, and the journal says how it ended.
      const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
      expect(junit.match(/<skipped message="NOT_RUN: not run: the run was interrupted/g)?.length, 'NOT_RUN is skipped in JUnit, not an error').to.equal(2 * selected - 2);
      expect(events().at(-1)).to.include({ event: 'end', interrupted: signal });
    });
  }
});
