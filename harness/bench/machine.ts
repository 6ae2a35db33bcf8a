/** Where the figures were taken: they mean little without the machine and the versions. */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, type as osType, release } from 'node:os';

export interface Machine { cpu: string; cores: number; memoryMiB: number; os: string; node: string }

export function machine(): Machine {
  const c = cpus();
  return { cpu: c[0]?.model.trim() ?? 'unknown', cores: c.length, memoryMiB: Math.round(totalmem() / 2 ** 20), os: `${osType()} ${release()}`, node: process.version };
}

/** The Python's version as it reports it, or undefined when it does not run. */
export function pythonVersion(python: string): string | undefined {
  try { return execFileSync(python, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim(); }
  catch { return undefined; }
}

/** The interpreter of a given CPython version from pyenv, when installed. */
export function pyenvPython(version: string): string | undefined {
  try {
    const prefix = execFileSync('pyenv', ['prefix', version], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const p = `${prefix}/bin/python`;
    return pythonVersion(p) === version ? p : undefined;
  } catch { return undefined; }
}
