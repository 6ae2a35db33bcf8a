#!/usr/bin/env node
// The CLI runs the compiled build (dist/, made by `npm run build`; `npm install` and `npm pack` make it).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('pep567: the compiled harness (dist/) is missing: run `npm run build` in the package folder\n');
  process.exit(3);
}
process.exitCode = await (await import(main.href)).main(process.argv.slice(2));
