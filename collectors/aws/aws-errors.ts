/** The error code an AWS SDK v3 service exception carries (`NoSuchEntity`, `AccessDenied`, `Throttling`...). */
export const awsErrorCode = (err: unknown): string | undefined => {
  const e = err as { name?: unknown; Code?: unknown } | null;
  if (typeof e?.Code === 'string') return e.Code;
  return typeof e?.name === 'string' ? e.name : undefined;
};

export const isAwsError = (err: unknown, ...codes: string[]): boolean => {
  const code = awsErrorCode(err);
  return code !== undefined && codes.includes(code);
};

/** `Code: message` without request ids, for logs and error messages. */
export const describeAwsError = (err: unknown): string => {
  const code = awsErrorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return code && code !== 'Error' && !message.startsWith(code) ? `${code}: ${message}` : message;
};
