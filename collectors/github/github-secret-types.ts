/**
 * The secret types GitHub's alert lists leave out unless `secret_type` names them: the generic (non-provider)
 * patterns and the passwords found by Copilot secret scanning. `mysql_connection_string` is the older name of
 * `mysql_connection_url`; both are asked for, as naming a type that has no alert only matches nothing.
 * https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns#supported-secrets
 * https://docs.github.com/en/rest/secret-scanning/secret-scanning#list-secret-scanning-alerts-for-an-organization
 */
export const GENERIC_SECRET_TYPES: readonly string[] = [
  'ec_private_key',
  'generic_private_key',
  'http_basic_authentication_header',
  'http_bearer_authentication_header',
  'mongodb_connection_string',
  'mysql_connection_string',
  'mysql_connection_url',
  'openssh_private_key',
  'password',
  'pgp_private_key',
  'postgres_connection_string',
  'rsa_private_key',
];
