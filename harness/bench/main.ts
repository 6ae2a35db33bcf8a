/**
 * `npm run bench`: every performance figure of issue 7 §3 and issue 4 §5 in one run, printed and
 * written to harness/bench/latest.json (or --out) with the machine, the versions and the date.
 *
 *   npm run bench [-- --quick] [--out FILE] [--python PATH] [--skip-commands] [--workers N (2)]
 *                 [--only PART,…] [--commands test,slow,all] [--cold-reps N (7)] [--test-reps N (1)] [--include GLOB]
 *                 [--test-command CMD] [--slow-test-command CMD] [--run-command CMD] [--command-timeout SECONDS (1200)]
 *                 [--spec-files FILE,… (the fast group)] [--spec-top N (15)]
 *
 * --quick shrinks every repetition count and runs the scenario parts on tokens/* only (the smoke
 * test uses it); figures from it mean little. --include GLOB: the scenario parts (scenarios, cold)
 * on those scenarios only. --only measures some parts: scenarios, cold, fuzz, startup, trie,
 * commands (default: all), npm-test (the commands part's `npm test` alone: its wall and CPU time
 * against issue 17's 60 s and 100 s), spec-cpu (never by default: the fast group once more, each
 * spec file's CPU, its child processes' and mocha's own, most first; --spec-files runs only those)
 * and fuzz-scale (never by default: hours of campaigns; its flags are in fuzz-scale.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalReference } from '../traces/traces.ts';
import { applySelection, loadScenarios } from '../run/select.ts';
import { coldFigures } from './cold.ts';
import { commandFigures } from './commands.ts';
import { fuzzFigures, parallelFuzzFigures } from './fuzz.ts';
import { scaleFromArgs } from './fuzz-scale.ts';
import { machine, pyenvPython, pythonVersion } from './machine.ts';
import { scenarioFigures } from './scenarios.ts';
import { specCpuFigures } from './spec-cpu.ts';
import { startupFigures } from './startup.ts';
import { trieFigures } from './trie.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const arg = (name: string, dflt: string) => { const i = argv.indexOf(name); return i >= 0 && i + 1 < argv.length ? argv[i + 1]! : dflt; };

const quick = flag('--quick');
const PARTS = ['scenarios', 'cold', 'fuzz', 'startup', 'trie', 'commands', 'npm-test', 'spec-cpu', 'fuzz-scale'] as const;
const NOT_BY_DEFAULT: readonly string[] = ['npm-test', 'spec-cpu', 'fuzz-scale'];
const only = argv.includes('--only') ? arg('--only', '').split(',').filter(Boolean) : PARTS.filter((p) => !NOT_BY_DEFAULT.includes(p));
for (const p of only) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only ${p}: expected some of ${PARTS.join(', ')}`);
const want = (p: typeof PARTS[number]) => only.includes(p) && !(p === 'commands' && flag('--skip-commands'));
// The scenario parts' selection: --include, else tokens/* for --quick, else every scenario.
const include = argv.includes('--include') ? arg('--include', '') : quick ? 'tokens/*' : undefined;
const selected = () => (include ? applySelection(loadScenarios(), { include: [include] }) : loadScenarios());
const out = arg('--out', fileURLToPath(new URL('./latest.json', import.meta.url)));
const reference = canonicalReference();
if (!reference) throw new Error('no reference traces recorded: nothing to run scenarios against');
// CPython of the reference's own version, so both sides run the same semantics; else python3.
const python = arg('--python', pyenvPython(reference.version) ?? 'python3');
const pyVersion = pythonVersion(python);
if (!pyVersion) throw new Error(`${python} does not run`);

const say = (s: string) => process.stderr.write(`${s}\n`);
const load = { start: loadavg().map((x) => +x.toFixed(2)) };
const started = new Date().toISOString();

let scenarios;
if (want('scenarios')) {
  say(`scenarios: model through the harness and CPython ${pyVersion} natively (reference ${reference.dir})`);
  scenarios = await scenarioFigures(selected(), reference, python, quick ? { warmups: 1, reps: 2 } : { warmups: 10, reps: 15 });
}

let cold;
if (want('cold')) {
  const reps = quick ? 1 : Number(arg('--cold-reps', '7'));
  say(`cold: a fresh \`pep567 run\` (model, every scenario) and a fresh CPython ${pyVersion} on the same scenarios, alternated, ${reps} each`);
  cold = coldFigures(ROOT, selected(), python, pyVersion, reps, include);
}

let fuzzModel, fuzzCpython, parallel;
if (want('fuzz')) {
  say('fuzz: generated programs against the model and against live CPython');
  fuzzModel = await fuzzFigures({ oracle: 'model', python, runs: quick ? 50 : 5000, reps: quick ? 1 : 3, warmup: quick ? 10 : 2000, target: 5000 });
  fuzzCpython = await fuzzFigures({ oracle: 'cpython', python, runs: quick ? 20 : 3000, reps: quick ? 1 : 3, warmup: quick ? 5 : 300, target: 1000 });

  const workers = Number(arg('--workers', '2'));
  say(`fuzz: whole campaigns with --workers ${workers}, from the compiled build`);
  parallel = {
    // Long campaigns: each worker is a fresh isolate whose first couple of thousand programs run on
    // cold code (a 4,000-program campaign runs at about a third of the long-run rate).
    model: await parallelFuzzFigures({ oracle: 'model', python, workers, runs: quick ? 100 : 100000, reps: quick ? 1 : 3, target: 14000 }),
    cpython: await parallelFuzzFigures({ oracle: 'cpython', python, workers, runs: quick ? 20 : 24000, reps: quick ? 1 : 3, target: 2500 }),
  };
}

let fuzzScale: Awaited<ReturnType<typeof scaleFromArgs>> | undefined;
if (want('fuzz-scale')) {
  say('fuzz-scale: whole campaigns of the model against itself and against live CPython, niced, seed after seed');
  fuzzScale = await scaleFromArgs(argv, argv.includes('--python') ? python : undefined, say);
}

let startup;
if (want('startup')) {
  say('start-up: the CLI beside node -e 0');
  startup = startupFigures(ROOT, quick ? 1 : 9);
}

let trie;
if (want('trie')) {
  say('trie: the model\'s context store against Map copies');
  trie = trieFigures(quick ? [10, 1000] : [10, 1000, 100000], quick ? { ops: 200, reps: 2 } : { ops: 20000, reps: 7 });
}

let commands;
// Long enough for npm test on a shared, loaded machine (621 s at load 10-17): its CPU time still means something there.
const timeoutMs = Number(arg('--command-timeout', '1200')) * 1000;
if (want('commands') || want('npm-test')) {
  const report = mkdtempSync(join(tmpdir(), 'pep567-bench-report-'));
  try {
    const which = want('commands') ? arg('--commands', 'test,slow,all').split(',') : ['test'];
    say(`commands: ${which.join(', ')} (this takes a while)`);
    commands = {
      test: which.includes('test') ? await commandFigures(arg('--test-command', 'npm test'), quick ? 1 : Number(arg('--test-reps', '1')), ROOT, timeoutMs) : undefined,
      slowTest: which.includes('slow') ? await commandFigures(arg('--slow-test-command', 'npm run test:slow'), 1, ROOT, timeoutMs) : undefined,
      runAll: which.includes('all') ? await commandFigures(arg('--run-command', `npx pep567 run --all --report ${report}`), quick ? 1 : 3, ROOT, timeoutMs) : undefined,
    };
  } finally { rmSync(report, { recursive: true, force: true }); }
}

let specCpu;
if (want('spec-cpu')) {
  const files = arg('--spec-files', '').split(',').filter(Boolean);
  say(`spec-cpu: ${files.length ? files.join(', ') : 'the fast group'} once more, each spec file's CPU (this takes a while)`);
  specCpu = await specCpuFigures(ROOT, files, timeoutMs);
}

const figures = {
  date: started,
  command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
  quick,
  machine: { ...machine(), loadAverage: { ...load, end: loadavg().map((x) => +x.toFixed(2)) } },
  python: { path: python, version: pyVersion },
  reference: reference.dir,
  ...(scenarios ? { scenarios: { ...scenarios, target: 1.0, meetsTarget: scenarios.ratio <= 1.0 } } : {}),
  ...(cold ? { cold } : {}),
  ...(fuzzModel ? { fuzz: { model: fuzzModel, cpython: fuzzCpython, parallel } } : {}),
  ...(fuzzScale ? { fuzzScale } : {}),
  ...(startup ? { startup } : {}),
  ...(trie ? { trie } : {}),
  ...(commands ? { commands } : {}),
  ...(specCpu ? { specCpu } : {}),
};
writeFileSync(out, JSON.stringify(figures, null, 2) + '\n');

const s = scenarios && { ...scenarios, meetsTarget: scenarios.ratio <= 1.0 };
const lines = [
  `machine: ${figures.machine.cpu}, ${figures.machine.cores} cores, Node ${figures.machine.node}, CPython ${pyVersion}; load ${load.start.join(' ')} at the start, ${figures.machine.loadAverage.end.join(' ')} at the end`,
  ...(cold ? [
    `cold run, pep567 run (model, ${cold.scenarios} scenarios, report written): ${cold.pep567.medianSeconds} s wall, ${cold.pep567.medianCpuSeconds} s CPU (median of ${cold.reps}, exit ${cold.pep567.exitCodes.join(',')})`,
    `cold run, CPython ${pyVersion} recorder.py --serve (${cold.cpythonScenarios} scenarios): ${cold.cpython.medianSeconds} s wall, ${cold.cpython.medianCpuSeconds} s CPU (median of ${cold.reps}, exit ${cold.cpython.exitCodes.join(',')})`,
    `cold-run ratio pep567 / CPython: ${cold.ratio} wall, ${cold.cpuRatio} CPU (target <= 1.0 wall: ${cold.meetsTarget ? 'met' : 'MISSED'})`,
  ] : []),
  ...(s ? [`scenarios/s, harness+model: ${s.model.perSecond} wall, ${s.model.perCpuSecond} per CPU second (${s.scenarios} scenarios, median of ${s.model.runsMs.length} runs after ${s.warmups} warm-ups: ${s.model.medianMs} ms; ${s.model.passed} passed)`,
  `scenarios/s, harness+model, first run in a fresh process (cold JIT): ${s.coldFirstRun.perSecond} (${s.coldFirstRun.ms} ms for ${s.coldFirstRun.scenarios})`,
  `scenarios/s, CPython natively: ${s.cpython.perSecond} wall, ${s.cpython.perCpuSecond} per CPU second (median of ${s.cpython.runsMs.length} batches: ${s.cpython.medianMs} ms)`,
  `ratio harness+model / CPython: ${s.ratio} wall, ${s.cpuRatio} CPU (target <= 1.0: ${s.meetsTarget ? 'met' : 'MISSED'})`] : []),
  ...(fuzzModel && fuzzCpython && parallel ? [`fuzz programs/s against the model: ${fuzzModel.perSecond} wall, ${fuzzModel.perCpuSecond} per CPU second (median of ${fuzzModel.reps} x ${fuzzModel.programsPerRep}; target 5000: ${fuzzModel.meetsTarget ? 'met' : 'MISSED'}), peak ${fuzzModel.peakRssMiB} MiB`,
  `fuzz programs/s against live CPython: ${fuzzCpython.perSecond} wall, ${fuzzCpython.perCpuSecond} per Node CPU second (median of ${fuzzCpython.reps} x ${fuzzCpython.programsPerRep}; target 1000: ${fuzzCpython.meetsTarget ? 'met' : 'MISSED'}), peak ${fuzzCpython.peakRssMiB} MiB${fuzzCpython.cpythonAlone ? `; CPython alone, pipelined: ${fuzzCpython.cpythonAlone.perSecond}/s` : ''}${fuzzCpython.failingSeeds.length ? `, counterexamples at seeds ${fuzzCpython.failingSeeds.join(', ')}` : ''}`,
  ...(['model', 'cpython'] as const).map((o) => { const f = parallel![o]; return `fuzz programs/s, --workers ${f.workers} campaign against ${o === 'model' ? 'the model' : 'live CPython'}: ${f.perSecond} wall, ${f.perCpuSecond} per Node CPU second (median of ${f.reps} x ${f.programsPerRep}; target ${f.target}: ${f.meetsTarget ? 'met' : 'MISSED'}), peak ${f.peakRssMiB} MiB Node side; load at end ${f.loadAverageEnd.join(' ')}`; })] : []),
  ...(['model', 'cpython'] as const).flatMap((o) => { const f = fuzzScale?.[o]; return f ? [`fuzz at scale against ${o === 'model' ? 'the model' : 'live CPython'}: ${f.programs} programs per property on seeds ${f.seeds.join(', ')} in ${f.seconds} s (${f.perSecond}/s), ${f.held ? 'every property held' : 'A PROPERTY FAILED'}; stopped by ${f.stoppedBy}`] : []; }),
  ...(startup ?? []).map((r) => `start-up ${r.command}: ${r.medianSeconds} s wall, ${r.medianCpuSeconds} s CPU (median of ${r.runs.length}, exit ${r.exitCode})${r.target ? `; target < ${r.target} s: ${r.meetsTarget ? 'met' : 'MISSED'}` : ''}`),
  ...(trie?.rows ?? []).map((r) => `trie vs Map, ${r.variables} vars: copy ${r.trie.copyNs} ns vs ${r.map.copyNs} ns; get ${r.trie.getNs} vs ${r.map.getNs} ns; set ${r.trie.setNs} vs ${r.map.setNs} ns`),
  ...(commands?.test ? [
    `${commands.test.command}: ${commands.test.runs.some((r) => r.timedOut) ? 'TIMED OUT after ' : ''}${commands.test.medianSeconds} s wall, ${commands.test.medianCpuSeconds} s CPU (target at most 60 s wall and 100 s CPU: ${commands.test.medianSeconds <= 60 && commands.test.medianCpuSeconds <= 100 ? 'met' : 'MISSED'}), peak ${commands.test.peakRssMiB} MiB, exit ${commands.test.exitCodes.join(',')}${commands.test.runs.some((r) => r.failing) ? ` (failing: ${[...new Set(commands.test.runs.flatMap((r) => r.failing ?? []))].join('; ')})` : ''}`,
  ] : []),
  ...(commands?.slowTest ? [`${commands.slowTest.command}: ${commands.slowTest.medianSeconds} s wall, ${commands.slowTest.medianCpuSeconds} s CPU, peak ${commands.slowTest.peakRssMiB} MiB, exit ${commands.slowTest.exitCodes.join(',')}`,
] : []),
  ...(specCpu ? [
    `spec CPU, ${specCpu.command}: ${specCpu.run.cpuSeconds} s CPU, ${specCpu.run.seconds} s wall, exit ${specCpu.run.exitCode}; ${specCpu.specs.length} spec files hold ${specCpu.inSpecsCpuSeconds} s, mocha's start-up and module loading ${specCpu.outsideSpecsCpuSeconds} s`,
    ...specCpu.specs.slice(0, Number(arg('--spec-top', '15'))).map((x) => `  ${x.cpuSeconds.toFixed(2).padStart(6)} s CPU (own ${x.ownCpuSeconds.toFixed(2)}, children ${x.childCpuSeconds === null ? 'not counted' : x.childCpuSeconds.toFixed(2)}), ${x.wallSeconds.toFixed(2)} s wall  ${x.file}`),
  ] : []),
  ...(commands?.runAll ? [`${commands.runAll.command}: ${commands.runAll.medianSeconds} s, peak ${commands.runAll.peakRssMiB} MiB, exit ${commands.runAll.exitCodes.join(',')}`] : []),
  `written to ${out}`,
];
process.stdout.write(lines.join('\n') + '\n');
