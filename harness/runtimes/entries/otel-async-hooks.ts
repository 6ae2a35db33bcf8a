/** Runner process entry: the otel-async-hooks adapter behind pep567-runner/1 (bundled by ../bundle.ts). */
import { createAdapter } from '../../adapters/otel-async-hooks.ts';
import { serve } from '../../protocol/serve.ts';
import { runtimeLabel } from './label.ts';

await serve(createAdapter, runtimeLabel());
