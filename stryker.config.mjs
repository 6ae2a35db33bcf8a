/**
 * StrykerJS over the reference model (`npm run mutate`, scripts/mutate.mjs adds the `mutate` ranges:
 * the model's files without the lines of the shipped mutant switches). Each mutant is judged by the
 * scenario corpus: `pep567 run --impl model --level strict` exits 1 when any scenario differs from
 * its recorded CPython trace. The command runner has no per-test coverage, so every mutant runs the
 * whole corpus; a mutant that loops synchronously never reaches the CLI's signal handler, hence
 * `timeout -s KILL` around the judge (it then counts as killed: exit 137).
 */
const JUDGE_SECONDS = Number(process.env.PEP567_MUTATE_JUDGE_SECONDS ?? 240);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'command',
  commandRunner: {
    command: `timeout -s KILL ${JUDGE_SECONDS} node bin/pep567.js run --impl model --level strict --report .mutate-judge`,
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
  timeoutMS: JUDGE_SECONDS * 1000,
  timeoutFactor: 1,
  ignorePatterns: ['/report', '/reports', '/dist', '/coverage', '/out', '/.bench', '/.scratch', '*.tgz', '/.mutate-judge'],
  reporters: ['json', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
