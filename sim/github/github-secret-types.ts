/**
 * Secret types GitHub lists only when `secret_type` names them: generic (non-provider) patterns and passwords found
 * by Copilot secret scanning. Without `secret_type`, the alert lists hold provider patterns only.
 * https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns#supported-secrets
 */
const GENERIC = new Set([
  'ec_private_key',
  'generic_private_key',
  'http_basic_authentication_header',
  'http_bearer_authentication_header',
  'mongodb_connection_string',
  'mysql_connection_url',
  'openssh_private_key',
  'password',
  'pgp_private_key',
  'postgres_connection_string',
  'rsa_private_key',
]);

/** Whether an alert of `secretType` is listed for a request whose `secret_type` parameter is `requested` (null: absent). */
export function secretTypeListed(secretType: string, requested: string | null): boolean {
  if (requested === null || requested === '') return !GENERIC.has(secretType);
  return requested.split(',').some((t) => t.trim() === secretType);
}
