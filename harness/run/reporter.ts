/**
 * The reporter interface: the one seam every output of a run is behind (reporters.ts lists them in
 * its table). Every member is optional, so a reporter implements only the events it needs, and one
 * written against an earlier version still works. Exported with the report types (harness/index.ts).
 *
 * The events of a `pep567 run`, in order:
 *   start                 once, when the run is sure to go (every implementation open, nothing
 *                         refused it), or, for a run interrupted before that, before its next event
 *   plan                  what will run (not for a run interrupted before its first scenario)
 *   per implementation, in the order of the specs:
 *     per repetition:     begin, then result for each scenario (and, in the first repetition,
 *                         recorded right after it), then end() without an argument
 *     done                its run, also an interrupted one or one that could not be opened
 *   release               runReport settled, however it ended (also when it threw)
 *   end(finished)         the run's outputs: report.json and the always-written files first
 * `pep567 merge`, `matrix` and `report --from-journal` drive end(finished) alone.
 */
import type { ImplementationRun, Report, ScenarioResult } from '../report/report.ts';
import type { ReportView } from '../report/render/index.ts';
import type { RunPlan } from './run.ts';

/** 1.0: begin, result, end. 1.1: start, plan, recorded, done and release (the journal's events). */
export const REPORTER_VERSION = '1.1';

/** What a run tells its reporters when it starts. */
export interface RunStart {
  /** The implementation specs, in the order of the report's runs. */
  specs: readonly string[];
  /** The report folder (absolute). */
  dir: string;
}

/** Which implementation an event is about: its place in the run's specs, and its spec. */
export interface RunAt { run: number; spec: string }

/** What the outputs of a finished run share: the report (expectations applied), where to write, and one view of it. */
export interface Finished {
  report: Report;
  /** The report folder (absolute). */
  dir: string;
  fixturesDir?: string;
  env: Record<string, string | undefined>;
  /** Where terminal output and GitHub annotations go (default process.stdout). */
  print: (s: string) => void;
  /** The renderers' view, built once for every output that needs it. */
  view(): ReportView;
}

export interface Reporter {
  /** (1.1) The run is sure to go: its specs and report folder. Comes once, before every other event. */
  start?(run: RunStart): void;
  /** (1.1) Before the first scenario: what will run (the journal keeps it, so a killed run's report can be rebuilt). */
  plan?(plan: RunPlan): void;
  /** An implementation (or one repetition of it) starts: its label and how many scenarios it runs. */
  begin?(label: string, total: number): void;
  /** A scenario finished (in every repetition). */
  result?(r: ScenarioResult): void;
  /** (1.1) A scenario of an implementation's first repetition finished: the result the report keeps (before `unstable` is added). */
  recorded?(at: RunAt, r: ScenarioResult): void;
  /** (1.1) An implementation's run ended (also an interrupted one, or one that could not be opened). */
  done?(at: RunAt, run: ImplementationRun): void;
  /** (1.1) The run settled, however it ended: let go of descriptors and listeners (end(finished) may still come). */
  release?(): void;
  /** Without an argument: the implementation's pass ended. With one: the run ended; returns the files written. */
  end?(finished?: Finished): string[] | void;
}

/** The members of Reporter, for the spec that checks every output is one (suites/report/seam.spec.ts). */
export const REPORTER_EVENTS = ['start', 'plan', 'begin', 'result', 'recorded', 'done', 'release', 'end'] as const satisfies readonly (keyof Reporter)[];
/** Does not compile when Reporter gains a member REPORTER_EVENTS does not list. */
export const REPORTER_EVENTS_LISTED: [Exclude<keyof Reporter, (typeof REPORTER_EVENTS)[number]>] extends [never] ? true : never = true;
