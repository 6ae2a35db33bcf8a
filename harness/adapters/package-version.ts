import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** `name@version` of an installed package, found through module resolution (also from a bundle). */
export function packageVersion(specifier: string, label = specifier): string {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve(specifier));
    for (let i = 0; i < 5; i++, dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        if (pkg.name && pkg.version) return `${label}@${pkg.version}`;
      } catch { /* keep going up */ }
    }
  } catch { /* unresolvable */ }
  return `${label}@unknown`;
}
