/** Runner process entry: the zonejs adapter behind pep567-runner/1 (bundled by ../bundle.ts). */
import { createAdapter } from '../../adapters/zonejs.ts';
import { serve } from '../../protocol/serve.ts';
import { runtimeLabel } from './label.ts';

await serve(createAdapter, runtimeLabel());
