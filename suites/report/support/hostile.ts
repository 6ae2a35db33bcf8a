/**
 * Hostile input for the report renderers: strings that break out of HTML, XML, Markdown and
 * GitHub workflow commands if any renderer forgets to escape them, and fixtures that carry them
 * in titles, descriptions, values, variable names and file names.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Sets window.__pwned if it ever runs as markup or script. */
export const SCRIPT = '<script>window.__pwned=1</script>';
export const IMG = '"><img src=x onerror="window.__pwned=2">';
export const SVG = "'><svg onload=window.__pwned=3>";
export const CDATA_END = ']]><!--';
export const GH_COMMAND = '\n::error::forged %0A ::stop-commands::x';
export const CONTROLS = '\u0000\u0001\u0008\u000b\u001b[31m\u007f\u0085\uFFFF\uD800';
/** The recorder writes UTF-8 and cannot carry a lone surrogate, so fixtures use these. */
export const FIXTURE_CONTROLS = CONTROLS.replace(/[\uD800-\uDFFF]/g, '');
export const MARKDOWN = '| `x` *y* [z](javascript:window.__pwned=4) @octocat #1';
export const LONG = 'L'.repeat(20000);

export const ALL = [SCRIPT, IMG, SVG, CDATA_END, GH_COMMAND, CONTROLS, MARKDOWN];

/** What a terminal or the Actions log would act on: controls (newline aside) and workflow-command lines. */
export function terminalDangers(text: string): string[] {
  const out: string[] = [];
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
  text.split('\n').forEach((l, i) => {
    if (control.test(l)) out.push(`line ${i + 1} has a control character: ${JSON.stringify(l.slice(0, 120))}`);
    if (/^\s*::/.test(l)) out.push(`line ${i + 1} is a workflow command: ${JSON.stringify(l.slice(0, 120))}`);
  });
  return out;
}

/** A scenario id whose file name needs escaping everywhere (GitHub properties included). */
export const HOSTILE_ID = `hostile/a,b:c<i>'"&`;

/**
 * Writes a fixture tree with two hostile scenarios. Values are strings of at most 40 characters
 * (the scenario schema's limit); variable names are identifiers, so the hostile one is `__proto__`.
 */
export function writeHostileFixtures(dir: string): string[] {
  mkdirSync(join(dir, 'hostile'), { recursive: true });
  const scenarios: Record<string, unknown> = {
    'hostile/values': {
      title: `${SCRIPT} ${IMG} ${CDATA_END} ::warning::t %25`,
      description: `${SVG} ${MARKDOWN}`,
      spec: { section: `PEP 567: ${SCRIPT}`, catalog: [] },
      features: ['vars', 'set', 'defaults'],
      program: [
        { op: 'var', name: '__proto__', default: '<img src=x onerror=window.__pwned=5>' },
        { op: 'get', var: '__proto__' },
        { op: 'set', var: '__proto__', value: '</script><b onclick=x>]]>\u0000\u001b' },
        { op: 'get', var: '__proto__' },
        { op: 'set', var: '__proto__', value: '\r\n::error file=x::forged %0A' },
        { op: 'get', var: '__proto__' },
        { op: 'set', var: '__proto__', value: 7 },
        { op: 'get', var: '__proto__' },
      ],
    },
    [HOSTILE_ID]: {
      title: `${MARKDOWN} ${FIXTURE_CONTROLS}`,
      spec: { section: 'PEP 567: ContextVar.get()', catalog: [] },
      features: ['vars', 'set', 'errors'],
      program: [
        { op: 'var', name: 'constructor' },
        { op: 'try', body: [{ op: 'get', var: 'constructor' }] },
        { op: 'set', var: 'constructor', value: `"'&<>` },
        { op: 'get', var: 'constructor' },
      ],
    },
  };
  for (const [id, s] of Object.entries(scenarios)) writeFileSync(join(dir, `${id}.json`), JSON.stringify(s, null, 2) + '\n');
  return Object.keys(scenarios);
}
