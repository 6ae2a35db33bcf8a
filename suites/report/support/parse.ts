/** Parsers the renderer specs read outputs with: JUnit XML as Python's expat sees it, Markdown fences, workflow commands as the Actions runner splits them. */
import { execFileSync } from 'node:child_process';


/** JUnit XML as Python's expat sees it: testsuites with their testcases and outcome elements. */
export function parseJunit(file: string): { suites: { name: string; tests: number; failures: number; errors: number; skipped: number; cases: { name: string; classname: string; outcome: string; message: string; text: string }[] }[] } {
  const py = `
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
out = []
for s in root.findall('testsuite'):
    cases = []
    for c in s.findall('testcase'):
        kids = list(c)
        o = next((k for k in kids if k.tag in ('failure', 'error', 'skipped')), None)
        cases.append({'name': c.get('name'), 'classname': c.get('classname'), 'outcome': o.tag if o is not None else 'pass',
                      'message': (o.get('message') or '') if o is not None else '', 'text': (o.text or '') if o is not None else ''})
    out.append({'name': s.get('name'), 'tests': int(s.get('tests')), 'failures': int(s.get('failures')), 'errors': int(s.get('errors')), 'skipped': int(s.get('skipped')), 'cases': cases})
print(json.dumps({'suites': out}))
`;
  return JSON.parse(execFileSync('python3', ['-c', py, file], { encoding: 'utf8' }));
}

/** Markdown split into text outside fenced code blocks and text inside them. */
export function splitFences(md: string): { prose: string; code: string } {
  const prose: string[] = [], code: string[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const m = /^\s*(`{3,})/.exec(line);
    if (m && (fence === undefined || m[1] === fence)) { fence = fence === undefined ? m[1] : undefined; continue; }
    (fence === undefined ? prose : code).push(line);
  }
  return { prose: prose.join('\n'), code: code.join('\n') };
}

/** A workflow command line as the Actions runner splits it: command, properties (unescaped), message (unescaped). */
export function parseCommand(line: string): { command: string; props: Record<string, string>; message: string } {
  const m = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line.slice(0, 200)}`);
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props: Record<string, string> = {};
  for (const p of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = p.indexOf('=');
    props[p.slice(0, eq)] = unescape(p.slice(eq + 1));
  }
  return { command: m[1]!, props, message: unescape(m[3]!) };
}
