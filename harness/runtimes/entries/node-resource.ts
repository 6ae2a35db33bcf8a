/** Runner process entry: the node-resource adapter behind pep567-runner/1 (bundled by ../bundle.ts). */
import { createAdapter } from '../../adapters/node-resource.ts';
import { serve } from '../../protocol/serve.ts';
import { runtimeLabel } from './label.ts';

await serve(createAdapter, runtimeLabel());
