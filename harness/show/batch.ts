/**
 * Runs many shown programs in one Python process (one process per program would take minutes):
 * each file runs as __main__ in a fresh module namespace (runpy), its printed lines captured.
 */
import { spawn } from 'node:child_process';
import type { Observation } from '../format/trace.ts';

const DRIVER = String.raw`
import contextlib, io, json, runpy, sys, traceback
for path in json.loads(sys.stdin.read()):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(path, run_name="__main__")
        sys.stdout.write(json.dumps({"file": path, "lines": out.getvalue().splitlines()}) + "\n")
    except BaseException:
        sys.stdout.write(json.dumps({"file": path, "error": traceback.format_exc()}) + "\n")
    sys.stdout.flush()
`;

export interface ProgramOutput { file: string; observations?: Observation[]; error?: string }

/** Runs each file with `python` and parses the JSON lines it printed. */
export function runPrograms(python: string, files: readonly string[]): Promise<ProgramOutput[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-c', DRIVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${python} exited ${code}: ${err.slice(0, 2000)}`));
      resolve(out.trim().split('\n').filter(Boolean).map((l) => {
        const r = JSON.parse(l) as { file: string; lines?: string[]; error?: string };
        if (r.error !== undefined) return { file: r.file, error: r.error };
        try { return { file: r.file, observations: r.lines!.map((x) => JSON.parse(x) as Observation) }; }
        catch (e) { return { file: r.file, error: `not JSON lines: ${(e as Error).message}: ${r.lines!.join('\n').slice(0, 500)}` }; }
      }));
    });
    child.stdin.end(JSON.stringify(files));
  });
}
