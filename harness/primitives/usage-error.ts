/** Misuse of the command line (unknown implementation, bad glob, unreadable file): exit 2 with a usage line. */
export class UsageError extends Error {
  override name = 'UsageError';
}
