// A library that prints a banner when it is imported (and a line on every scenario): its output is
// passed through, prefixed, to the harness's stderr; the verdicts are node-als's.
console.log('banner: my-context-lib v1.0 loaded');
process.stdout.write('{"looks": "like json"}\n');
export { createAdapter } from '../../../dist/adapters/node-als.js';
