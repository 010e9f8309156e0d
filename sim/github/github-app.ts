import { createVerify, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { Route, SimRequest, SimResponse } from '../http/route.js';
import { orgAsOwner } from './github-code-resources.js';
import { githubError } from './github-routes.js';
import { findOrg, type GithubState } from './github-state.js';

export const GITHUB_APP_ROUTES = {
  installation: 'GET /orgs/{org}/installation',
  accessToken: 'POST /app/installations/{installation_id}/access_tokens',
} as const;

const DOCS = {
  installation: 'https://docs.github.com/rest/apps/apps#get-an-organization-installation-for-the-authenticated-app',
  accessToken: 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app',
  jwt: 'https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app',
};
const PERMISSIONS = {
  members: 'read',
  organization_administration: 'read',
  administration: 'read',
  metadata: 'read',
  secret_scanning_alerts: 'read',
};

export interface SimGithubAppCredentials {
  appId: number;
  /** PEM (PKCS#8), as GitHub lets you download it: what the config's privateKey env var holds. */
  privateKey: string;
  installationIds: Record<string, number>;
}

/**
 * A GitHub App installed on every organization. Its RSA key pair is made on first use (it costs tens of
 * milliseconds, and most runs use a token). An installation token acts with the rights of the organizations' owner.
 */
export class SimGithubApp {
  readonly appId = 424242;
  /** Organizations where the App is installed on selected repositories only (`repository_selection: selected`). */
  readonly selectedOnly = new Set<string>();
  private keys: { privateKey: string; publicKey: KeyObject } | undefined;

  constructor(private readonly state: GithubState) {}

  installationId(org: string): number | undefined {
    const o = findOrg(this.state, org);
    return o ? 9_000_000 + (o.id % 1_000_000) : undefined;
  }

  repositorySelection(org: string): 'all' | 'selected' {
    return this.selectedOnly.has(org.toLowerCase()) ? 'selected' : 'all';
  }

  credentials(): SimGithubAppCredentials {
    return {
      appId: this.appId,
      privateKey: this.keyPair().privateKey,
      installationIds: Object.fromEntries(this.state.orgs.map((o) => [o.login, this.installationId(o.login)!])),
    };
  }

  /** Checks an app JWT (RS256, `iss` = app id, not expired, at most 10 minutes long); a reason when it does not pass. */
  verifyJwt(authorization: string | undefined): string | undefined {
    const jwt = /^bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const parts = jwt?.split('.');
    if (!parts || parts.length !== 3) return 'A JSON web token could not be decoded';
    const [head, body, sig] = parts as [string, string, string];
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${head}.${body}`);
    if (!verifier.verify(this.keyPair().publicKey, Buffer.from(sig, 'base64url')))
      return 'A JSON web token could not be decoded';
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      iss?: unknown;
      exp?: number;
      iat?: number;
    };
    const now = Math.floor(Date.now() / 1000);
    if (String(claims.iss) !== String(this.appId)) return "'Issuer' claim ('iss') must be an Integer";
    if (typeof claims.exp !== 'number' || claims.exp < now)
      return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
    if (typeof claims.iat !== 'number' || claims.exp - claims.iat > 600)
      return "'Expiration time' claim ('exp') is too far in the future";
    return undefined;
  }

  private keyPair() {
    if (!this.keys) {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.keys = {
        privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        publicKey: pair.publicKey,
      };
    }
    return this.keys;
  }
}

const apiBase = (req: SimRequest) => `${req.url.protocol}//${req.url.host}`;

/** The two app endpoints an installation client needs: find the installation, exchange the JWT for its token. */
export function githubAppRoutes(state: GithubState, app: SimGithubApp): Route[] {
  const jwtError = (req: SimRequest): SimResponse | undefined => {
    const reason = app.verifyJwt(req.headers.authorization);
    return reason ? githubError(401, reason, DOCS.jwt) : undefined;
  };
  return [
    {
      id: GITHUB_APP_ROUTES.installation,
      method: 'GET',
      pattern: '/orgs/{org}/installation',
      handle(req) {
        const denied = jwtError(req);
        if (denied) return denied;
        const org = findOrg(state, req.params.org!);
        if (!org) return githubError(404, 'Not Found', DOCS.installation);
        const id = app.installationId(org.login)!;
        const api = apiBase(req);
        return {
          status: 200,
          json: {
            id,
            account: orgAsOwner(api, org),
            repository_selection: app.repositorySelection(org.login),
            access_tokens_url: `${api}/app/installations/${id}/access_tokens`,
            repositories_url: `${api}/installation/repositories`,
            html_url: `https://github.com/organizations/${org.login}/settings/installations/${id}`,
            app_id: app.appId,
            app_slug: 'assay-sim',
            target_id: org.id,
            target_type: 'Organization',
            permissions: PERMISSIONS,
            events: [],
            created_at: '2024-01-02T03:04:05Z',
            updated_at: '2024-01-02T03:04:05Z',
            single_file_name: null,
            suspended_by: null,
            suspended_at: null,
          },
        };
      },
    },
    {
      id: GITHUB_APP_ROUTES.accessToken,
      method: 'POST',
      pattern: '/app/installations/{installation_id}/access_tokens',
      handle(req) {
        const denied = jwtError(req);
        if (denied) return denied;
        const org = state.orgs.find((o) => String(app.installationId(o.login)) === req.params.installation_id);
        if (!org) return githubError(404, 'Not Found', DOCS.accessToken);
        const token = `sim-installation-token-${randomBytes(12).toString('hex')}`;
        const owner = state.tokens[state.adminToken]!;
        state.tokens[token] = owner;
        return {
          status: 201,
          json: {
            token,
            expires_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            permissions: PERMISSIONS,
            repository_selection: app.repositorySelection(org.login),
          },
        };
      },
    },
  ];
}
