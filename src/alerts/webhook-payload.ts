import { createHmac } from 'node:crypto';
import type { AlertMessage } from './alert-message.js';

export const SIGNATURE_HEADER = 'x-assay-signature';
export const TIMESTAMP_HEADER = 'x-assay-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The message itself, versioned: `{ version: 1, ...AlertMessage }`. */
export const webhookBody = (m: AlertMessage): string => JSON.stringify({ version: 1, ...m });

/**
 * `v1=` + hex HMAC-SHA256 over `<timestamp>.<body>` with the route's signing secret; the timestamp (Unix seconds)
 * goes in its own header, so a receiver rejects replays older than a few minutes (README shows the check).
 */
export function signWebhook(body: string, secret: string, timestamp: number): Record<string, string> {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: `v1=${mac}` };
}
