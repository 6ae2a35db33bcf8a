/**
 * File paths built from scenario ids and implementation specs. Ids come from fixture trees and
 * specs from the command line, so either may hold "..", absolute paths, drive letters or control
 * characters; every path made here stays inside its base folder, or this throws.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** One safe path segment: only [A-Za-z0-9._-], never starting with "." (no "..", no hidden files), others escaped as ~XX. */
export function segment(s: string): string {
  const escaped = [...s].map((c) => (/[A-Za-z0-9_-]/.test(c) || c === '.' ? c : [...Buffer.from(c, 'utf8')].map((b) => `~${b.toString(16).padStart(2, '0')}`).join(''))).join('');
  if (escaped === '') return '~';
  return escaped.replace(/^\./, '~2e').slice(0, 200);
}

/** base/<spec segment>/<id segments>.json, checked to stay under base. */
export function insideReport(base: string, parts: string[], id: string): string {
  const root = resolve(base);
  const p = resolve(join(root, ...parts.map(segment), ...id.split('/').map(segment)) + '.json');
  const rel = relative(root, p);
  if (!rel || isAbsolute(rel) || rel.split(sep).some((part) => part === '..' || part === '.')) throw new Error(`refusing to write outside ${root}: ${JSON.stringify(id)}`);
  return p;
}
