/**
 * Sharding: a scenario's chunk depends on its id alone (a hash), so adding or removing a scenario
 * never moves another one to a different chunk, and chunks 1..N partition any corpus.
 */
import { createHash } from 'node:crypto';

export function chunkOf(id: string, total: number): number {
  const h = createHash('sha256').update(id, 'utf8').digest();
  return (h.readUInt32BE(0) % total) + 1;
}
