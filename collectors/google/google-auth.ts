import path from 'node:path';
import { GoogleAuth, JWT, OAuth2Client, type gaxios } from 'google-auth-library';
import { ConfigError } from '../../src/errors.js';
import type { GoogleSourceConfig } from '../../src/model/config/google-config.js';
import type { SecretRef } from '../../src/model/config/secret-ref.js';
import { GOOGLE_TOKEN_URL } from './google-transport.js';

/** The read-only scopes the service account's client id is authorised for (domain-wide delegation). */
export const GOOGLE_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.member.readonly',
  'https://www.googleapis.com/auth/admin.directory.rolemanagement.readonly',
  'https://www.googleapis.com/auth/admin.reports.audit.readonly',
] as const;

/**
 * tokens.list of the opt-in token inventory. Not read-only: it also allows deleting tokens and app-specific passwords,
 * and Google has no read-only variant; assay only lists. Requested only when `tokenInventory.enabled`.
 */
export const TOKEN_INVENTORY_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user.security';

/** The scopes a token is requested for: a scope not delegated to the client id fails the whole token request. */
export const googleScopes = (config: Pick<GoogleSourceConfig, 'tokenInventory'>): string[] => [
  ...GOOGLE_SCOPES,
  ...(config.tokenInventory.enabled ? [TOKEN_INVENTORY_SCOPE] : []),
];

/** Names the token request in snapshots: a failure here makes every dataset an error naming it. */
export const TOKEN_OPERATION = 'oauth2.token (domain-wide delegation)';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const KEY_PATH = 'sources.google.auth.serviceAccountKey';

type Transport = InstanceType<typeof gaxios.Gaxios>;

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
}

/** Reads a service account JSON key; the error names where it came from, never what it holds. */
export function parseServiceAccountKey(text: string, where: string): ServiceAccountKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const k = parsed as (Partial<ServiceAccountKey> & { type?: unknown }) | undefined;
  if (
    !k ||
    typeof k !== 'object' ||
    typeof k.client_email !== 'string' ||
    typeof k.private_key !== 'string' ||
    (k.type !== undefined && k.type !== 'service_account')
  ) {
    throw new ConfigError(
      `${where}: expected a service account JSON key (type "service_account" with client_email and private_key)`,
    );
  }
  return {
    client_email: k.client_email,
    private_key: k.private_key,
    ...(typeof k.private_key_id === 'string' ? { private_key_id: k.private_key_id } : {}),
  };
}

const delegatedJwt = (key: ServiceAccountKey, subject: string, scopes: string[], transporter: Transport): JWT =>
  new JWT({
    email: key.client_email,
    key: key.private_key,
    ...(key.private_key_id ? { keyId: key.private_key_id } : {}),
    scopes,
    subject,
    transporter,
  });

/** Anything that can make an authorised request as the ADC principal (an external-account or Compute client). */
export interface SigningSource {
  request<T>(opts: { url: string; method: 'POST'; data: unknown; responseType: 'json' }): Promise<{ data: T }>;
}

/**
 * Domain-wide delegation without a key: the ADC principal (e.g. workload identity federation from AWS) has
 * iamcredentials signJwt on the delegated service account sign the assertion, which is then exchanged at the token
 * endpoint like a key-signed one.
 * https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/signJwt
 */
export function keylessDelegation(opts: {
  source: SigningSource;
  serviceAccount: string;
  subject: string;
  transporter: Transport;
  /** Default: the four read-only scopes. */
  scopes?: readonly string[];
  iamCredentialsUrl?: string;
  now?: () => number;
}): OAuth2Client {
  const { source, serviceAccount, subject, transporter } = opts;
  const base = opts.iamCredentialsUrl ?? 'https://iamcredentials.googleapis.com';
  const client = new OAuth2Client({ transporter });
  client.refreshHandler = async () => {
    const iat = Math.floor((opts.now ?? Date.now)() / 1000);
    const claims = {
      iss: serviceAccount,
      sub: subject,
      scope: (opts.scopes ?? GOOGLE_SCOPES).join(' '),
      aud: GOOGLE_TOKEN_URL,
      iat,
      exp: iat + 3600,
    };
    let assertion: string;
    try {
      const signed = await source.request<{ signedJwt?: string }>({
        url: `${base}/v1/projects/-/serviceAccounts/${encodeURIComponent(serviceAccount)}:signJwt`,
        method: 'POST',
        data: { payload: JSON.stringify(claims) },
        responseType: 'json',
      });
      if (!signed.data.signedJwt) throw new Error('signJwt returned no signedJwt');
      assertion = signed.data.signedJwt;
    } catch (err) {
      throw Object.assign(err as Error, {
        message: `iamcredentials signJwt as ${serviceAccount}: ${(err as Error).message}`,
      });
    }
    const res = await transporter.request<{ access_token: string; expires_in?: number }>({
      url: GOOGLE_TOKEN_URL,
      method: 'POST',
      data: new URLSearchParams({ grant_type: JWT_BEARER, assertion }),
      responseType: 'json',
    });
    return { access_token: res.data.access_token, expiry_date: Date.now() + (res.data.expires_in ?? 3600) * 1000 };
  };
  return client;
}

/**
 * The OAuth client the Admin SDK calls use, impersonating `auth.subject`. Built on first use, so a missing key or a
 * refused token is reported against the token operation of each dataset rather than ending the run.
 */
export async function createAuthClient(
  config: GoogleSourceConfig,
  secret: (ref: SecretRef, keyPath: string) => string,
  transporter: Transport,
): Promise<OAuth2Client> {
  const { auth } = config;
  if (auth.serviceAccountKey) {
    const key = parseServiceAccountKey(
      secret(auth.serviceAccountKey, KEY_PATH),
      `${KEY_PATH} (environment variable ${auth.serviceAccountKey.env})`,
    );
    return delegatedJwt(key, auth.subject, googleScopes(config), transporter);
  }
  const adc = auth.applicationDefault ?? {};
  const ga = new GoogleAuth({
    // keyFile is deprecated because it trusts whatever credential the file holds; this file is the operator's own
    // workload identity federation config, named in assay's config (see README).
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    ...(adc.credentialsFile ? { keyFile: path.resolve(adc.credentialsFile) } : {}),
    scopes: ['https://www.googleapis.com/auth/cloud-platform'],
    clientOptions: { transporter },
  });
  const source = await ga.getClient();
  if (source instanceof JWT && source.key && source.email) {
    return delegatedJwt(
      {
        client_email: source.email,
        private_key: source.key,
        ...(source.keyId ? { private_key_id: source.keyId } : {}),
      },
      auth.subject,
      googleScopes(config),
      transporter,
    );
  }
  if (!adc.serviceAccount) {
    throw new ConfigError(
      'sources.google.auth.applicationDefault.serviceAccount: required when the application default credentials are not a service account key (expected the email of the service account authorised for domain-wide delegation)',
    );
  }
  return keylessDelegation({
    source: source,
    serviceAccount: adc.serviceAccount,
    subject: auth.subject,
    scopes: googleScopes(config),
    transporter,
  });
}
