/**
 * The GitHub Actions workflows: this repository's (.github/workflows/ci.yml) and the one the README
 * tells adapter authors to copy. Parsed as YAML; their jobs and steps are checked, every command
 * they run must exist (npm scripts, files, pep567 commands and options), and the conformance
 * shards and the merge of ci.yml are run here as the workflow runs them.
 */
import { expect } from 'chai';
import { Command, type Option } from 'commander';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { COMMANDS } from '../../harness/cli/commands/index.ts';
import { loadScenarios } from '../../harness/run/select.ts';
import { ROOT } from '../support/cli.ts';
import { runInProcess } from '../support/in-process.ts';

interface Step { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> }
interface Job { 'runs-on': string; container?: string; needs?: string | string[]; if?: string; strategy?: { matrix: Record<string, unknown[]> }; steps: Step[] }
interface Workflow { name: string; on: unknown; jobs: Record<string, Job> }

const scripts: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
const program = new Command();
for (const entry of COMMANDS) (await entry.load()).register(program, () => {});

/** `${{ matrix.chunk }}` and the like, with the values given. */
const expand = (text: string, values: Record<string, string>) =>
  text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (m, name: string) => values[name] ?? m);

const words = (line: string) => line.trim().split(/\s+/).filter(Boolean);

/** The option value of --flag in a pep567 command's words. */
const flag = (argv: string[], name: string) => argv[argv.indexOf(name) + 1];

/** Throws unless the command is one this repository has: an npm script, a file, a pep567 command with options it knows. */
function checkCommand(argv: string[], where: string): void {
  const [tool, ...rest] = argv;
  if (tool === 'npm') {
    const [verb, name] = rest;
    if (verb === 'ci' || verb === 'install') return;
    if (verb === 'test') { expect(scripts, `${where}: npm test`).to.have.property('test'); return; }
    if (verb === 'run') { expect(scripts, `${where}: npm run ${name}`).to.have.property(name!); return; }
    expect.fail(`${where}: npm ${verb} is not checked here`);
  }
  if (tool === 'bash') { expect(existsSync(join(ROOT, rest[0]!)), `${where}: ${rest[0]} exists`).to.equal(true); return; }
  if (tool === 'npx') {
    expect(rest[0], `${where}: only the package's own bin`).to.equal('pep567');
    const [name, ...args] = rest.slice(1);
    const sub = program.commands.find((c) => c.name() === name);
    expect(sub, `${where}: pep567 ${name} is a command`).to.not.equal(undefined);
    const positional: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (!a.startsWith('--')) { positional.push(a); continue; }
      const o: Option | undefined = sub!.options.find((x) => x.long === a);
      expect(o, `${where}: pep567 ${name} ${a} is an option`).to.not.equal(undefined);
      if (o!.required || o!.optional) i++;
    }
    const required = sub!.registeredArguments.filter((x) => x.required).length;
    expect(positional.length, `${where}: pep567 ${name} arguments`).to.be.at.least(required);
    return;
  }
  expect.fail(`${where}: ${argv.join(' ')} is not a command this check knows`);
}

/** Every command line of a workflow, with the job and step it comes from. */
function commands(w: Workflow, values: Record<string, string> = {}): { job: string; step: Step; argv: string[] }[] {
  return Object.entries(w.jobs).flatMap(([job, j]) => j.steps.filter((s) => s.run).flatMap((step) =>
    expand(step.run!, values).split(/\n|&&/).map(words).filter((argv) => argv.length).map((argv) => ({ job, step, argv }))));
}

const runs = (j: Job) => j.steps.filter((s) => s.run).map((s) => s.run!.trim());
const uses = (j: Job, action: string) => j.steps.filter((s) => s.uses?.startsWith(`${action}@`));

/** The shard matrix and the commands of a shard-and-merge workflow, checked against each other. */
function checkShards(w: Workflow, shardJob: string, mergeJob: string) {
  const shard = w.jobs[shardJob]!;
  const chunks = shard.strategy!.matrix.chunk!;
  const run = commands({ ...w, jobs: { [shardJob]: shard } }, { 'matrix.chunk': '1' }).find((c) => c.argv[1] === 'pep567' && c.argv[2] === 'run')!;
  expect(run, `${shardJob} runs pep567 run`).to.not.equal(undefined);
  const total = Number(flag(run.argv, '--total-chunks'));
  expect(chunks, 'the matrix is chunk 1..N of --total-chunks N').to.deep.equal(Array.from({ length: total }, (_, i) => i + 1));
  expect(run.step.run).to.contain('--this-chunk ${{ matrix.chunk }}');
  const upload = uses(shard, 'actions/upload-artifact')[0]!;
  expect(upload.if, 'shard reports are uploaded also when the gate fails').to.equal('always()');
  const one = { 'matrix.chunk': '1' };
  expect(expand(String(upload.with!.path), one), 'the shard uploads its report folder').to.equal(flag(run.argv, '--report'));
  const merge = w.jobs[mergeJob]!;
  expect([merge.needs].flat()).to.include(shardJob);
  expect(merge.if, 'the merge runs also when a shard failed').to.equal('always()');
  const download = uses(merge, 'actions/download-artifact')[0]!;
  expect(String(upload.with!.name).replace('${{ matrix.chunk }}', '*')).to.equal(download.with!.pattern);
  const m = words(runs(merge).find((r) => r.includes('pep567 merge'))!);
  expect(m.slice(3, 5)).to.deep.equal([m[3], `${download.with!.path}/*`]);
  expect(uses(merge, 'actions/upload-artifact')[0]!.with!.path).to.equal(m[3]);
  return { chunks, run: run.step.run!, merge: m };
}

describe('GitHub Actions workflows', function () {
  this.timeout(180000);
  const ci: Workflow = parse(readFileSync(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8'));
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Gate your CI'));
  const copied: Workflow = parse(/```yaml\n([\s\S]*?)```/.exec(section)![1]!);

  it('ci.yml: a test job (npm ci, .ci/setup, npm test) and conformance shards merged into one artifact', () => {
    expect(Object.keys(ci.jobs).sort()).to.deep.equal(['conformance', 'merge', 'test']);
    expect(runs(ci.jobs.test!).map((r) => words(r).slice(0, 2).join(' '))).to.deep.equal(['npm ci', 'bash .ci/setup', 'npm test']);
    checkShards(ci, 'conformance', 'merge');
    for (const job of Object.values(ci.jobs)) for (const s of job.steps) if (s.uses) expect(s.uses).to.match(/^actions\/[\w-]+@v\d+$/);
  });

  it('every command either workflow runs exists in package.json or the pep567 CLI', () => {
    for (const w of [ci, copied]) for (const { job, argv } of commands(w, { 'matrix.chunk': '1' })) checkCommand(argv, `${w.name}/${job}`);
  });

  it('the README\'s workflow for adapter authors: shards and a merged report', () => {
    expect(Object.keys(copied.jobs)).to.deep.equal(['conformance', 'report']);
    const { run } = checkShards(copied, 'conformance', 'report');
    expect(run).to.contain('--expectations');
  });

  it('ci.yml\'s shards pass their gate here and merge into one report of the whole corpus', async function () {
    // The expectation file is for node-als on the Node of the workflow's image.
    const image = /^node:(\d+)-/.exec(ci.jobs.conformance!.container ?? '')?.[1];
    expect(image, 'the conformance job names its Node image').to.not.equal(undefined);
    if (process.versions.node.split('.')[0] !== image) this.skip();
    // Inside Actions (the test job), keep these runs out of the job's own step summary.
    const pep567 = (...args: string[]) => runInProcess(args, { env: { GITHUB_STEP_SUMMARY: '' } });
    const dir = mkdtempSync(join(tmpdir(), 'pep567-workflow-'));
    const { chunks, run, merge } = checkShards(ci, 'conformance', 'merge');
    for (const chunk of chunks) {
      const argv = words(expand(run, { 'matrix.chunk': String(chunk) })).slice(2);
      argv[argv.indexOf('--report') + 1] = join(dir, 'shards', `shard-${chunk}`);
      const r = await pep567(...argv);
      expect(r.code, `shard ${chunk}: ${r.out.split('\n').filter((l) => /^\s*(new-failure|changed|unexpected|stale|expectations)/.test(l)).join('\n')}${r.err}`).to.equal(0);
    }
    const shards = readdirSync(join(dir, 'shards')).map((s) => join(dir, 'shards', s));
    const r = await pep567('merge', join(dir, merge[3]!), ...shards, ...merge.slice(5));
    expect(r.code, r.out + r.err).to.equal(0);
    const report = JSON.parse(readFileSync(join(dir, merge[3]!, 'report.json'), 'utf8'));
    expect(report.selection.scenarios).to.equal(loadScenarios().length);
    for (const f of ['report.html', 'matrix.md', 'junit.xml']) expect(existsSync(join(dir, merge[3]!, f)), f).to.equal(true);
  });
});
