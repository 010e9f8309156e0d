/** Paths pino blanks out wherever they appear in a log line. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'auth',
  '*.auth',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'privateKey',
  '*.privateKey',
  'credentials',
  '*.credentials',
  'accessKeyId',
  '*.accessKeyId',
  'secretAccessKey',
  '*.secretAccessKey',
  'sessionToken',
  '*.sessionToken',
];

const SECRET_PATTERNS: RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  // An access key id, with the 40-character secret key when one follows it (a pair pasted together).
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b(?:(?:[\s:=,/]|%3A)+[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+]))?/g,
  /\bya29\.[A-Za-z0-9._-]{10,}/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  // A key cut short (an error message truncated mid-key) has no END line.
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*/g,
  /\b(Bearer|token)\s+[A-Za-z0-9._~+/-]{16,}=*/gi,
];

/**
 * A value given under a secret's name, as JSON or key=value: the name stays, the value goes. Case-sensitive, so a
 * config path such as `auth.app.privateKey: environment variable …` is left readable (the PEM pattern covers keys).
 */
const NAMED_SECRET =
  /(\b(?:[Pp]assword|passwd|pwd|passphrase|(?:client_)?secret|api[_-]key)"?\s*[:=]\s*"?)[^\s"',;}&]+/g;

/** Masks anything shaped like a credential in free text (error messages from SDKs, for instance). */
export const redactSecrets = (text: string): string =>
  SECRET_PATTERNS.reduce((t, re) => t.replace(re, '[REDACTED]'), text).replace(NAMED_SECRET, '$1[REDACTED]');

/** Every string in a parsed vendor document (an IAM policy, say) through redactSecrets; the shape is kept. */
export function redactSecretsIn(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactSecretsIn);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecretsIn(v)]));
  return value;
}
