import { redactSecrets } from '../logging/redact.js';
import { AssayError } from '../errors.js';

export interface ErrorInfo {
  status?: number;
  message: string;
}

/** The HTTP status and a short, credential-free message of an SDK error (Octokit, AWS SDK v3, gaxios). */
/** `mask` hides the run's own credentials should a vendor echo one back in an error. */
export function describeError(err: unknown, mask: (text: string) => string = (t) => t): ErrorInfo {
  const e = (err ?? {}) as {
    status?: unknown;
    name?: string;
    message?: string;
    code?: unknown;
    $metadata?: { httpStatusCode?: number };
    response?: { status?: unknown };
  };
  const candidates = [e.status, e.$metadata?.httpStatusCode, e.response?.status, e.code];
  const status = candidates.find((c): c is number => typeof c === 'number' && c >= 100 && c < 600);
  let message = err instanceof Error ? err.message : String(err);
  if (
    !(err instanceof AssayError) &&
    e.name &&
    e.name !== 'Error' &&
    e.name !== 'HttpError' &&
    !message.startsWith(e.name)
  )
    message = `${e.name}: ${message}`;
  if (e.name === 'AbortError' || e.name === 'TimeoutError')
    message = 'request aborted: no answer within the time limit';
  message = redactSecrets(mask(mask(message).replace(/\s+/g, ' ').trim())).slice(0, 400);
  return status === undefined ? { message } : { status, message };
}
