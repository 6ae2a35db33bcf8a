/** `pep567 show ID`: the scenario as the Python program the recorder runs for it, beside its recorded trace. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { FIXTURES_DIR, loadScenarioFile } from '../../scenarios/load.ts';
import { scenarioFiles, idOf } from '../../scenarios/load.ts';
import { loadTrace, loadUnrecorded, tracePath, TRACES_DIR } from '../../traces/traces.ts';
import { defaultReference, explicitReference } from '../../run/reference.ts';
import { positionalGlobs } from '../../run/select.ts';
import { terminalSafe } from '../../report/text.ts';
import { showText } from '../../show/annotate.ts';
import { scenarioToPython } from '../../show/python.ts';
import { scenarioToJs } from '../../show/js.ts';
import { adapterModule, isJsAdapter } from '../../adapters/builtin.ts';
import { pathToFileURL } from 'node:url';

/** The package entry the module falls back to: the compiled one, also when the CLI runs from source. */
const harnessEntry = (url: string): string => url.replace('/harness/index.js', '/dist/index.js');
import { UsageError } from '../../primitives/usage-error.ts';

interface ShowFlags { reference?: string; fixtures?: string; traces?: string; programOnly?: boolean; js?: boolean; impl?: string }

export function register(program: Command, setExit: (code: number) => void): void {
  program.command('show')
    .description('print a scenario as the Python program the recorder runs for it (runnable with python3), with its recorded trace')
    .argument('<id>', 'a scenario id (tokens/reset-missing-removes) or a fixture file')
    .option('--reference <impl-version>', 'the recorded trace to show beside it (default: the newest CPython recorded)')
    .option('--program-only', 'only the program, without the recorded values and trace')
    .option('--js', 'a standalone ES module instead: runs the scenario on --impl through the adapter contract and prints its observations beside CPython\'s')
    .option('--impl <adapter>', 'with --js: a built-in JS adapter (node-als, asynccontext, …) or an adapter module path')
    .option('--fixtures <dir>', 'another scenario tree (default: fixtures/)')
    .option('--traces <dir>', 'another reference traces tree (default: reference/traces/)')
    .action((arg: string, flags: ShowFlags) => {
      const fixturesDir = flags.fixtures === undefined ? FIXTURES_DIR : resolve(flags.fixtures);
      if (!existsSync(fixturesDir)) throw new UsageError(`--fixtures ${flags.fixtures}: no such folder`);
      const tracesDir = flags.traces === undefined ? TRACES_DIR : resolve(flags.traces);
      const files = scenarioFiles(fixturesDir);
      const ids = files.map((f) => idOf(f, fixturesDir));
      const [id] = positionalGlobs([arg], ids, fixturesDir);
      if (!ids.includes(id!)) throw new UsageError(`${arg}: names a folder (${id}); show takes one scenario`);
      const { scenario } = loadScenarioFile(files[ids.indexOf(id!)]!, fixturesDir);
      if (flags.programOnly) { process.stdout.write(terminalSafe(scenarioToPython(id!, scenario))); return setExit(0); }
      const ref = flags.reference !== undefined ? explicitReference(flags.reference, tracesDir) : defaultReference(tracesDir);
      if (flags.js) {
        if (!flags.impl) throw new UsageError('show --js needs --impl ADAPTER (a built-in JS adapter or a module path)');
        const adapter = isJsAdapter(flags.impl) ? adapterModule(flags.impl).href : pathToFileURL(resolve(flags.impl)).href;
        if (!isJsAdapter(flags.impl) && !existsSync(resolve(flags.impl))) throw new UsageError(`--impl ${flags.impl}: no such adapter module`);
        const trace = loadTrace(ref, id!, tracesDir);
        if (!trace) throw new UsageError(`${id}: no trace recorded in ${ref.dir}${unrecordedWhy(ref, id!, tracesDir)}`);
        const harness = new URL('../../index.js', import.meta.url).href.replace(/\.ts$/, '.js');
        process.stdout.write(scenarioToJs({ id: id!, hash: trace.scenarioHash, scenario, expected: trace.observations, reference: ref, adapter, harness: harnessEntry(harness) }));
        return setExit(0);
      }
      const file = tracePath(ref, id!, tracesDir);
      const trace = loadTrace(ref, id!, tracesDir);
      const unrecorded = trace ? undefined : loadUnrecorded(ref, tracesDir).get(id!)?.reason;
      process.stdout.write(terminalSafe(showText({ id: id!, scenario, reference: ref.dir, ...(trace ? { trace } : {}), ...(unrecorded ? { unrecorded } : {}), traceFile: relative(process.cwd(), file) || file })));
      setExit(0);
    });
}

/** ": its recorder could not: REASON" when the reference lists the scenario in its unrecorded.json. */
function unrecordedWhy(ref: Parameters<typeof loadUnrecorded>[0], id: string, dir: string): string {
  const reason = loadUnrecorded(ref, dir).get(id)?.reason;
  return reason ? ` (its recorder could not: ${reason})` : '';
}
