/**
 * Escaping for every output format. Strings from implementations and fixtures are untrusted:
 * each renderer passes every one of them through the escaper of its format, never raw.
 */

/** C0 and C1 controls except tab, newline and carriage return, plus lone surrogates and non-characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces characters no output format can carry with a visible \uXXXX, so nothing vanishes silently. */
export function visibleControls(s: string): string {
  return s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Controls a terminal acts on: C0 (but newline) and C1, DEL, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex
const TERMINAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
/**
 * A line that starts (after blanks) with `::` is a GitHub Actions workflow command (`::error …::`,
 * `::add-mask::`, `::stop-commands::`) when it reaches the log: its first colon is written as \u003a.
 */
const WORKFLOW_COMMAND = /^([ \t]*):(?=:)/gm;

/**
 * Text for a terminal (stdout, stderr) that keeps its lines: control characters and terminal escape
 * sequences as visible \uXXXX, and no line that the GitHub Actions runner would take for a command.
 */
export function terminal(s: string): string {
  return s.replace(TERMINAL, hex).replace(WORKFLOW_COMMAND, '$1\\u003a');
}

/**
 * One line for a terminal from text that may hold anything (an adapter's name or error, a fixture's
 * title or id): as terminal(), with newlines and carriage returns written as \n and \r, so the text
 * cannot start a line of its own.
 */
export function terminalLine(s: string): string {
  return terminal(s.replace(/\r/g, '\\r').replace(/\n/g, '\\n'));
}

/** Shortens very long strings, saying how much was cut. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, max)}… (${s.length - max} more characters)`;
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text and attribute values (always quoted) in HTML. */
export function html(s: string): string {
  return visibleControls(s).replace(/[&<>"'`]/g, (c) => HTML[c]!);
}

/** Text and attribute values in XML 1.0 (JUnit); characters XML cannot hold become \uXXXX. */
export function xml(s: string): string {
  return visibleControls(s).replace(/[&<>"']/g, (c) => (c === "'" ? '&apos;' : HTML[c]!));
}

/** Markdown text inside a table cell or after a list marker: no structure can leak out of it. */
export function mdInline(s: string): string {
  return visibleControls(s)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[&<>"]/g, (c) => HTML[c]!)
    // Emphasis, links, code, tables, strikethrough, issue references and @-mentions; the rest of
    // Markdown's punctuation only means something at the start of a line, which this never is.
    .replace(/[\\`*_[\]|~#@]/g, (c) => `\\${c}`);
}

/** The longest run of backticks in s (0 if none): a Markdown code fence must be longer. */
const longestBackticks = (s: string) => Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));

/** A fenced code block whose fence is longer than any backtick run inside it. */
export function mdCode(s: string, lang = ''): string {
  const body = visibleControls(s).replace(/\r\n?/g, '\n');
  const fence = '`'.repeat(Math.max(3, longestBackticks(body) + 1));
  return `${fence}${lang}\n${body}\n${fence}`;
}

/** An inline code span on one line, delimited by a backtick run longer than any inside it. */
export function mdInlineCode(s: string): string {
  const body = visibleControls(s).replace(/[\r\n]+/g, ' ');
  const fence = '`'.repeat(longestBackticks(body) + 1);
  return `${fence} ${body} ${fence}`;
}

/** The message part of a GitHub Actions workflow command (after the final `::`). */
export function ghData(s: string): string {
  return visibleControls(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value of a workflow command (`file=…,title=…`): also `:` and `,`. */
export function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * JSON that can sit inside an HTML <script> element: `<`, `>`, `&` and the JS line separators are
 * written as \u escapes, so no `</script>` or `<!--` can appear in it.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
