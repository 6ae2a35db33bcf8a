// `--import ./suites/support/use-dist.mjs` (after tsx): a spec's import of harness/**.ts loads the
// compiled dist/**.js instead, so the code measured in process is the code the CLI children run,
// and c8 maps it back to harness/ through the source maps (npm run coverage).
import { register } from 'node:module';

register('./dist-hooks.mjs', import.meta.url);
