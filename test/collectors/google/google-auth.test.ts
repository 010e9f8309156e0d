import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivateKey, sign } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  GOOGLE_SCOPES,
  keylessDelegation,
  TOKEN_OPERATION,
  type SigningSource,
} from '../../../collectors/google/google-auth.js';
import { createGoogleTransport } from '../../../collectors/google/google-transport.js';
import { GOOGLE_ROUTES } from '../../../sim/google/google-routes.js';
import { collectOnce, startSim, type RunningGoogleSim } from './google-run.js';

describe('Google auth: key file through ADC, and keyless domain-wide delegation', () => {
  let s: RunningGoogleSim;
  let dir: string;
  beforeAll(async () => {
    s = await startSim();
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-google-'));
  });
  afterAll(async () => {
    await s.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('uses a service account key file found through applicationDefault.credentialsFile', async () => {
    const file = path.join(dir, 'key.json');
    await writeFile(file, s.sim.serviceAccountKeyJson);
    const snap = await collectOnce(
      s.config({ auth: { subject: s.sim.subject, applicationDefault: { credentialsFile: file } } }),
      {},
    );
    expect(snap.missing).toEqual({});
    expect(s.sim.server.counts()[GOOGLE_ROUTES.token]).toBe(1);
  });

  it('asks for the delegated service account when the ADC are not a key', async () => {
    const file = path.join(dir, 'user.json');
    await writeFile(
      file,
      JSON.stringify({
        type: 'authorized_user',
        client_id: 'sim-client',
        client_secret: 'sim-not-a-secret',
        refresh_token: 'sim-refresh',
      }),
    );
    const snap = await collectOnce(
      s.config({ auth: { subject: s.sim.subject, applicationDefault: { credentialsFile: file } } }),
      {},
    );
    expect(snap.missing['google-workspace.users']).toEqual({
      kind: 'error',
      operation: TOKEN_OPERATION,
      message:
        'sources.google.auth.applicationDefault.serviceAccount: required when the application default credentials are not a service account key (expected the email of the service account authorised for domain-wide delegation)',
    });
  });

  it('has iamcredentials signJwt sign the delegation assertion, then exchanges it at the token endpoint', async () => {
    const key = JSON.parse(s.sim.serviceAccountKeyJson) as { client_email: string; private_key: string };
    const seen: Array<{ url: string; claims: Record<string, unknown> }> = [];
    // Stands in for an external-account (workload identity federation) client calling IAM Credentials.
    const source: SigningSource = {
      async request<T>(opts: { url: string; data: unknown }) {
        const claims = JSON.parse((opts.data as { payload: string }).payload) as Record<string, unknown>;
        seen.push({ url: opts.url, claims });
        const data = `${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
        const signedJwt = `${data}.${sign('RSA-SHA256', Buffer.from(data), createPrivateKey(key.private_key)).toString('base64url')}`;
        return { data: { keyId: 'k1', signedJwt } as T };
      },
    };
    let requests = 0;
    const transporter = createGoogleTransport({
      countRequest: () => requests++,
      signal: new AbortController().signal,
      timeoutMs: 5000,
      tokenUrl: s.sim.tokenUrl,
    });
    const client = keylessDelegation({
      source,
      serviceAccount: key.client_email,
      subject: s.sim.subject,
      transporter,
      now: () => Date.now(),
    });
    const res = await client.request<{ users?: unknown[] }>({
      url: `${s.sim.rootUrl}admin/directory/v1/users?customer=my_customer&maxResults=5`,
    });
    expect(res.status).toBe(200);
    expect(res.data.users).toHaveLength(5);
    expect(requests).toBe(2);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe(
      `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${encodeURIComponent(key.client_email)}:signJwt`,
    );
    expect(seen[0]!.claims).toMatchObject({
      iss: key.client_email,
      sub: s.sim.subject,
      scope: GOOGLE_SCOPES.join(' '),
      aud: 'https://oauth2.googleapis.com/token',
    });
  });

  it('names signJwt when the principal may not sign as the service account', async () => {
    const source: SigningSource = {
      async request() {
        throw Object.assign(new Error("Permission 'iam.serviceAccounts.signJwt' denied"), { status: 403 });
      },
    };
    const transporter = createGoogleTransport({
      countRequest: () => {},
      signal: new AbortController().signal,
      timeoutMs: 5000,
      tokenUrl: s.sim.tokenUrl,
    });
    const client = keylessDelegation({
      source,
      serviceAccount: 'assay@sim.iam.gserviceaccount.com',
      subject: s.sim.subject,
      transporter,
    });
    await expect(client.getAccessToken()).rejects.toThrow(
      "iamcredentials signJwt as assay@sim.iam.gserviceaccount.com: Permission 'iam.serviceAccounts.signJwt' denied",
    );
  });
});
