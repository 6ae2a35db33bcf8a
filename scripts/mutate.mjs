#!/usr/bin/env node
/**
 * `npm run mutate [-- --files=a.ts,b.ts] [-- --lines=FROM-TO] [-- --summary-only] [-- --keys]`: StrykerJS over the
 * reference model (stryker.config.mjs), the shipped mutant switches left out, then harness/model/MUTATION.md:
 * the score per file and every survivor with file:line, with its reason when
 * harness/model/mutation-equivalents.json gives one (keyed by code, not position: mutate-keys.mjs).
 * `--keys` (with --summary-only) prints an entry to fill in for every survivor still a gap. `--lines` (with one file) mutates only those
 * lines: a sample when the whole file does not fit the time; the summary names the ranges run, and
 * results of several ranges of one file add up.
 *
 * A switch line is one that reads a deviation of harness/model/flags.ts (or the helper that only
 * the eager-step-in-creator switch uses, or the scopedGlobal binding); mutating it changes only the
 * shipped mutants, which suites/mutants judge on their own.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, keysOf, matchEquivalents } from './mutate-keys.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MODEL = 'harness/model';
export const DEFAULT_FILES = ['contextvars.ts', 'hamt.ts', 'scoped.ts', 'event-loop.ts', 'asyncio-tools.ts', 'timeouts.ts'];
const REPORTS = join(ROOT, 'reports', 'mutation');
const SUMMARY = join(ROOT, MODEL, 'MUTATION.md');
const EQUIVALENTS = join(ROOT, MODEL, 'mutation-equivalents.json');

const FLAGS = [...readFileSync(join(ROOT, MODEL, 'flags.ts'), 'utf8').matchAll(/^\s{2}(\w+): boolean;/gm)].map((m) => m[1]);
const SWITCH = new RegExp(`\\b(deviations|inCreator|eagerInCreator|${FLAGS.join('|')})\\b`);

/** 1-based line numbers of a file that belong to a switch: the lines naming one, and the scopedGlobal binding's function. */
export function switchLines(text) {
  const lines = text.split('\n');
  const out = new Set();
  let inGlobal = false;
  lines.forEach((l, i) => {
    if (/^function globally\b/.test(l)) inGlobal = true;
    if (inGlobal || SWITCH.test(l)) out.add(i + 1);
    if (inGlobal && /^}/.test(l)) inGlobal = false;
  });
  return out;
}

/** Stryker `mutate` entries: each file's line ranges between its switch lines (within `lines`, [from, to], when given). */
export function mutateRanges(files, lines) {
  const out = [];
  for (const f of files) {
    const path = `${MODEL}/${f}`;
    const text = readFileSync(join(ROOT, path), 'utf8');
    const skip = switchLines(text);
    const n = text.split('\n').length;
    let start = 0;
    for (let i = 1; i <= n + 1; i++) {
      const keep = i <= n && !skip.has(i) && (!lines || (i >= lines[0] && i <= lines[1]));
      if (keep && !start) start = i;
      if (!keep && start) { out.push(`${path}:${start}-${i - 1}`); start = 0; }
    }
  }
  return out;
}

/**
 * A "kill" where the judge never judged: the CLI refused to start (another run's lock on the
 * report folder, a usage error). Reports written before each judge had its own folder hold many;
 * they count as errors, not kills.
 */
const judgeFailed = (m) => /another pep567 run \(pid \d+\) is writing into this folder|^usage: pep567 /m.test(String(m.statusReason ?? ''));

const pct = (a, b) => (b ? `${(100 * a / b).toFixed(1)}%` : 'n/a');

/**
 * The summary from Stryker's JSON report (mutation-testing-report-schema); `warn` hears of every
 * equivalence of a reported file that matches no mutant (its line changed, or it lies outside the
 * lines run), and `refuted` of every one whose mutant a scenario killed: an argument a scenario
 * disproves is wrong, not merely unused.
 */
export function summarize(report, equivalents, commands, warn = () => {}, refuted = () => {}) {
  const rows = [], survivors = [];
  let tk = 0, tt = 0, ts = 0, to = 0;
  for (const [file, r] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const m = r.mutants;
    const { reasons, orphaned } = matchEquivalents(equivalents, relative(MODEL, file), r.source, m);
    for (const e of orphaned) warn(e);
    for (const [i, why] of reasons) if (m[i].status === 'Killed' || m[i].status === 'Timeout') refuted(m[i], why);
    const reason = (x) => reasons.get(m.indexOf(x));
    const killed = m.filter((x) => x.status === 'Killed' && !judgeFailed(x)).length;
    const timedOut = m.filter((x) => x.status === 'Timeout').length;
    const survived = m.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage');
    const other = m.length - killed - timedOut - survived.length;
    const detected = killed + timedOut, valid = detected + survived.length;
    const equivalent = survived.filter((x) => reason(x)).length;
    rows.push(`| \`${relative(MODEL, file)}\` | ${m.length} | ${killed} | ${timedOut} | ${survived.length} | ${other} | ${pct(detected, valid)} | ${equivalent} | ${pct(detected, valid - equivalent)} |`);
    tk += killed; tt += timedOut; ts += survived.length; to += other;
    for (const x of survived.sort((a, b) => a.location.start.line - b.location.start.line)) {
      const why = reason(x);
      survivors.push(`- \`${relative(ROOT, join(ROOT, file))}:${x.location.start.line}:${x.location.start.column}\` ${x.mutatorName}` +
        `${x.replacement !== undefined ? ` → ${JSON.stringify(String(x.replacement).replace(/\s+/g, ' ').slice(0, 80))}` : ''}` +
        `${why ? ` — equivalent: ${why}` : ' — **gap**'}`);
    }
  }
  const eq = survivors.filter((s) => s.includes(' — equivalent: ')).length;
  return [
    '# Mutation score of the reference model',
    '',
    `Written by \`npm run mutate\` (scripts/mutate.mjs, stryker.config.mjs): StrykerJS mutates the model's files,`,
    'the lines of the shipped mutant switches left out, and judges each mutant by the scenario corpus',
    '(`pep567 run --impl model --level strict`: killed when a scenario differs from its CPython trace).',
    '"score" is detected / (detected + survived); "errors" are mutants the judge never judged (it could not',
    'start); "without equivalents" leaves out the survivors that',
    '`mutation-equivalents.json` explains as equivalent. Do not edit by hand: rerun the command.',
    '',
    `Runs (one report per set of files, the newest result of each file): ${commands.map((c) => `\`${c}\``).join(', ')}`,
    '',
    '| file | mutants | killed | timed out | survived | errors | score | equivalent | score without equivalents |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    `| **all** | ${tk + tt + ts + to} | ${tk} | ${tt} | ${ts} | ${to} | ${pct(tk + tt, tk + tt + ts)} | ${eq} | ${pct(tk + tt, tk + tt + ts - eq)} |`,
    '',
    '## Survivors',
    '',
    ...(survivors.length ? survivors : ['(none)']),
    '',
  ].join('\n');
}

const mutantKey = (m) => `${JSON.stringify(m.location)}:${m.mutatorName}:${m.replacement}`;

/** `--keys`: an entry for mutation-equivalents.json for each survivor without a reason, to argue and fill in. */
export function gapEntries(report, equivalents) {
  const out = [];
  for (const [file, r] of Object.entries(report.files)) {
    const m = r.mutants, name = relative(MODEL, file);
    const { reasons } = matchEquivalents(equivalents, name, r.source, m);
    const keys = keysOf(name, r.source, m);
    m.forEach((x, i) => {
      if ((x.status === 'Survived' || x.status === 'NoCoverage') && !reasons.has(i)) out.push({ at: `${file}:${x.location.start.line}:${x.location.start.column}`, entry: { ...keys[i], reason: '' } });
    });
  }
  return out;
}

async function main(argv) {
  const filesArg = argv.find((a) => a.startsWith('--files='))?.slice(8);
  const files = filesArg ? filesArg.split(',') : DEFAULT_FILES;
  const linesArg = argv.find((a) => a.startsWith('--lines='))?.slice(8);
  const lines = linesArg?.match(/^(\d+)-(\d+)$/)?.slice(1).map(Number);
  if (linesArg && (!lines || files.length !== 1 || lines[0] > lines[1])) {
    process.stderr.write('mutate: --lines=FROM-TO needs one file (--files=x.ts) and FROM <= TO\n'); return 2;
  }
  if (!argv.includes('--summary-only')) {
    for (const f of files) if (!existsSync(join(ROOT, MODEL, f))) { process.stderr.write(`mutate: no such model file: ${f}\n`); return 2; }
    process.env.PEP567_MUTATE_NODE_MODULES = join(ROOT, 'node_modules');
    const { Stryker } = await import('@stryker-mutator/core');
    const { default: config } = await import(new URL('../stryker.config.mjs', import.meta.url).href);
    mkdirSync(REPORTS, { recursive: true });
    // One JSON report per set of files, so runs over parts of the model add up in the summary.
    const name = files.map((f) => f.replace(/\.ts$/, '')).join('+') + (lines ? `@${lines.join('-')}` : '');
    await new Stryker({
      ...config, mutate: mutateRanges(files, lines),
      jsonReporter: { fileName: join('reports', 'mutation', `${name}.json`) },
    }).runMutationTest();
  }
  // The newest result for each mutant over every report written so far (a whole-file run replaces
  // every earlier result of that file; ranges of one file add up).
  const reports = existsSync(REPORTS) ? readdirSync(REPORTS).filter((f) => f.endsWith('.json') && !f.endsWith('.incremental.json')) : [];
  if (!reports.length) { process.stderr.write(`mutate: no report in ${relative(ROOT, REPORTS)}\n`); return 2; }
  const merged = { files: {} };
  for (const r of reports.sort((a, b) => statSync(join(REPORTS, a)).mtimeMs - statSync(join(REPORTS, b)).mtimeMs)) {
    const whole = !r.includes('@');
    for (const [file, v] of Object.entries(JSON.parse(readFileSync(join(REPORTS, r), 'utf8')).files)) {
      const byKey = new Map(whole ? [] : (merged.files[file]?.mutants ?? []).map((m) => [mutantKey(m), m]));
      for (const m of v.mutants) byKey.set(mutantKey(m), m);
      merged.files[file] = { ...v, mutants: [...byKey.values()] };
    }
  }
  const equivalents = existsSync(EQUIVALENTS) ? JSON.parse(readFileSync(EQUIVALENTS, 'utf8')) : [];
  if (argv.includes('--keys')) {
    for (const { at, entry } of gapEntries(merged, equivalents)) process.stdout.write(`${at}\n  ${JSON.stringify(entry)}\n`);
    return 0;
  }
  const commands = reports.map((r) => {
    const [set, range] = r.replace(/\.json$/, '').split('@');
    return `npm run mutate -- --files=${set.split('+').map((f) => `${f}.ts`).join(',')}${range ? ` --lines=${range}` : ''}`;
  });
  let orphans = 0;
  const summary = summarize(merged, equivalents, commands, (e) => {
    orphans++;
    process.stderr.write(`mutate: equivalence matches no mutant of the reports (its line changed, or outside the lines run): ${describe(e)}\n`);
  }, (x, why) => {
    orphans++;
    process.stderr.write(`mutate: equivalence refuted, a scenario killed its mutant (line ${x.location.start.line}, ${x.mutatorName}): ${why}\n`);
  });
  writeFileSync(SUMMARY, summary);
  if (orphans) process.stderr.write(`mutate: ${orphans} equivalences matched nothing or were refuted: argue them again for the changed code, or remove them\n`);
  process.stdout.write(`wrote ${relative(ROOT, SUMMARY)}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));
