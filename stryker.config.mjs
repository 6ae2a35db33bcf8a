/**
 * StrykerJS over the reference model (`npm run mutate`, scripts/mutate.mjs adds the `mutate` ranges:
 * the model's files without the lines of the shipped mutant switches). Each mutant is judged by the
 * scenario corpus: `pep567 run --impl model --level strict` exits 1 when any scenario differs from
 * its recorded CPython trace. The model follows the version of its reference, so it is judged up to three times:
 * against 3.13 (the default), then, when that passes, against 3.11 (wait_for as a task, the exception
 * handler in the loop's context, no eager factory), which a 3.13-only judge never exercises, and
 * then against 3.9 (an awaiter of a cancelled task gets a new CancelledError without the body's
 * message; pre-3.10 type names): only mutants that survive the first two pay for it. The
 * command runner has no per-test coverage, so every mutant runs the whole corpus; a mutant that
 * loops synchronously never reaches the CLI's signal handler, hence `timeout -s KILL` around the judge (it then counts as killed: exit 137).
 */
const JUDGE_SECONDS = Number(process.env.PEP567_MUTATE_JUDGE_SECONDS ?? 240);
// Each judge writes its own report folder (the shell's pid): the runners of one sandbox share its
// files, and a run that finds another run's lock on its folder exits 2, which Stryker would count
// as a kill.
const judge = (reference) => `timeout -s KILL ${JUDGE_SECONDS} node bin/pep567.js run --impl model --level strict` +
  (reference ? ` --reference ${reference}` : '') + ' --report .mutate-judge/$$';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'command',
  commandRunner: {
    command: `${judge()} && ${judge('cpython-3.11.7')} && ${judge('cpython-3.9.18')}`,
  },
  // The sandbox gets node_modules from the buildCommand (Stryker would link it only after the
  // build), then dist/ is compiled from the instrumented sources once per sandbox.
  symlinkNodeModules: false,
  buildCommand: 'node scripts/mutate-build.mjs',
  // Stryker rewrites tsconfig.json through the TypeScript compiler API, which TypeScript 7 no
  // longer exposes; the build reads tsconfig.build.json as it is, so point Stryker at no file.
  tsconfigFile: 'stryker-has-no-tsconfig.json',
  coverageAnalysis: 'off',
  disableTypeChecks: 'harness/model/**/*.ts',
  checkers: [],
  concurrency: Number(process.env.PEP567_MUTATE_CONCURRENCY ?? 2),
  timeoutMS: 2 * JUDGE_SECONDS * 1000,
  timeoutFactor: 1,
  ignorePatterns: ['/report', '/reports', '/dist', '/coverage', '/out', '/.bench', '/.scratch', '*.tgz', '/.mutate-judge'],
  reporters: ['json', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // No incremental reuse: Stryker cannot see the scenario corpus as tests, so a result kept from an
  // earlier run would ignore every scenario added since.
  incremental: false,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
