/**
 * C0 controls (ESC, CR, LF, TAB, BEL…), DEL, C1 controls (0x9B is a one-byte CSI on some terminals), line and
 * paragraph separators, and bidirectional overrides: anything that can move the cursor, recolour, erase or reorder
 * what a person reads.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

const escape = (c: string): string => {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * Text that third parties chose (an OAuth app's name, a repository, a user name), made safe to show on a terminal:
 * every control character becomes a visible escape (`\e`, `\r`, `\n`, `\x07`), so it can neither forge a line nor
 * rewrite one.
 */
export const terminalSafe = (text: string): string => text.replace(UNSAFE, escape);

/**
 * The same for text assay lays out itself: its line breaks (LF or CRLF, as CSV has) and tabs stay, no other control
 * character does.
 */
export const terminalSafeLines = (text: string): string =>
  text
    .split(/(\r?\n|\t)/)
    .map((part, i) => (i % 2 === 1 ? part : terminalSafe(part)))
    .join('');

const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * One JSON log line with the control characters JSON leaves raw (DEL, C1, separators, bidirectional overrides) written
 * as `\uXXXX` escapes: the same JSON value, harmless on a terminal.
 */
export const terminalSafeJsonLine = (line: string): string =>
  line.replace(RAW_IN_JSON, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);

/** Every string in a JSON-like value, object keys included, made terminal-safe (for readable log lines). */
export function terminalSafeDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return terminalSafe(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 32) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((v) => terminalSafeDeep(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [terminalSafe(k), terminalSafeDeep(v, depth + 1)]),
  );
}
