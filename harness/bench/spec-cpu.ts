/**
 * Where `npm test`'s CPU goes, spec file by spec file: the fast group (or the files given) run once
 * more in mocha's parallel mode with spec-cpu-hooks.mjs, which logs each file's CPU, its child
 * processes' CPU and its wall time. What the files do not account for is mocha's own: its workers'
 * start-up and the loading of each file's modules. Not a default part: it repeats npm test's work.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { commandFigures, type CommandRun } from './commands.ts';
import { round } from './stats.ts';

export interface SpecCpu { file: string; cpuSeconds: number; ownCpuSeconds: number; childCpuSeconds: number | null; wallSeconds: number }
export interface SpecCpuFigures {
  command: string;
  run: CommandRun;
  /** Most CPU first. */
  specs: SpecCpu[];
  /** The specs' CPU added up, and the rest of mocha's (worker start-up, module loading, the parent). */
  inSpecsCpuSeconds: number;
  outsideSpecsCpuSeconds: number;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export async function specCpuFigures(root: string, files: string[], timeoutMs: number): Promise<SpecCpuFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'pep567-spec-cpu-'));
  const log = join(dir, 'specs.jsonl');
  try {
    const hooks = join(root, 'harness', 'bench', 'spec-cpu-hooks.mjs');
    // Named files: the fast config's own `spec` would be added to them, so use the config without
    // one, in parallel mode (the hooks need a root suite per file) with the fast group's two jobs.
    const mocha = files.length
      ? `--config .mocharc.json --parallel --jobs 2 ${files.map(quote).join(' ')}`
      : '--config .mocharc.fast.json';
    const command = `PEP567_SPEC_CPU_LOG=${quote(log)} ${quote(join(root, 'node_modules', '.bin', 'mocha'))} ${mocha} --require ${quote(hooks)}`;
    const figures = await commandFigures(command, 1, root, timeoutMs);
    const lines = (() => { try { return readFileSync(log, 'utf8').split('\n').filter(Boolean); } catch { return []; } })();
    const specs = lines.map((l) => JSON.parse(l) as Omit<SpecCpu, 'cpuSeconds'>).map((s) => ({
      file: s.file ? relative(root, s.file) : '(unknown)',
      cpuSeconds: round(s.ownCpuSeconds + (s.childCpuSeconds ?? 0), 2),
      ownCpuSeconds: round(s.ownCpuSeconds, 2),
      childCpuSeconds: s.childCpuSeconds === null ? null : round(s.childCpuSeconds, 2),
      wallSeconds: round(s.wallSeconds, 2),
    })).sort((a, b) => b.cpuSeconds - a.cpuSeconds || a.file.localeCompare(b.file));
    const inSpecs = round(specs.reduce((n, s) => n + s.cpuSeconds, 0), 2);
    return {
      command: `mocha ${mocha}`, run: figures.runs[0]!, specs,
      inSpecsCpuSeconds: inSpecs, outsideSpecsCpuSeconds: round(figures.runs[0]!.cpuSeconds - inSpecs, 2),
    };
  } finally { rmSync(dir, { recursive: true, force: true }); }
}
