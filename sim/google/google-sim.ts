import { generateKeyPairSync } from 'node:crypto';
import { SimServer } from '../http/sim-server.js';
import { googleApiError, SimGoogleOAuth } from './google-oauth.js';
import { googleRoutes } from './google-routes.js';
import { googlePageFaults } from './google-page-faults.js';
import type { GoogleState } from './google-state.js';

export interface GoogleSim {
  server: SimServer;
  /** Admin SDK root URL for `admin({ rootUrl })` / `sources.google.rootUrl`. */
  rootUrl: string;
  /** The token endpoint for `sources.google.tokenUrl`. */
  tokenUrl: string;
  /** A service account JSON key for this run only (generated at start, never stored). */
  serviceAccountKeyJson: string;
  /** The admin to impersonate. */
  subject: string;
  customer: string;
  domain: string;
}

export interface GoogleSimOptions {
  latencyMs?: number;
  /** Largest page answered whatever maxResults asks (exercises paging on small data); 0 or unset: none. */
  pageCap?: number;
}

/**
 * Serves `state` as admin.googleapis.com plus oauth2.googleapis.com/token on 127.0.0.1. The service account's RSA
 * key pair is made here with node:crypto, so no private key ever sits in the repository.
 */
export async function startGoogleSim(state: GoogleState, opts: GoogleSimOptions = {}): Promise<GoogleSim> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const oauth = new SimGoogleOAuth(state, publicKey);
  const server = new SimServer('google', googleRoutes(state, oauth, { pageCap: opts.pageCap ?? 0 }), {
    notFound: () => googleApiError(404, 'Not Found', 'notFound'),
    rateLimited: (_req, retryAfterSeconds) => ({
      ...googleApiError(
        429,
        "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com'.",
        'rateLimitExceeded',
        'RESOURCE_EXHAUSTED',
      ),
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
    pages: googlePageFaults,
  });
  if (opts.latencyMs) server.setLatency('*', opts.latencyMs);
  const base = await server.listen();
  const sa = state.serviceAccount;
  const serviceAccountKeyJson = JSON.stringify({
    type: 'service_account',
    project_id: sa.projectId,
    private_key_id: sa.privateKeyId,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: sa.clientEmail,
    client_id: sa.clientId,
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: `${base}/token`,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(sa.clientEmail)}`,
    universe_domain: 'googleapis.com',
  });
  return {
    server,
    rootUrl: `${base}/`,
    tokenUrl: `${base}/token`,
    serviceAccountKeyJson,
    subject: state.subject,
    customer: 'my_customer',
    domain: state.domain,
  };
}
