// Forging in process through an inherited property: every plain object now "has" a passing failure.
Object.prototype.failure = { status: 'PASS', message: '' };
export { createAdapter } from '../../../dist/adapters/node-als.js';
