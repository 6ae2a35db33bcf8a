/** The runtime name the harness started this runner as (`--runtime NAME` after the script). */
export function runtimeLabel(): string {
  const i = process.argv.indexOf('--runtime');
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : 'unknown';
}
