/** Runner process entry: the otel3-als adapter behind pep567-runner/1 (bundled by ../bundle.ts). */
import { createAdapter } from '../../adapters/otel3-als.ts';
import { serve } from '../../protocol/serve.ts';
import { runtimeLabel } from './label.ts';

await serve(createAdapter, runtimeLabel());
