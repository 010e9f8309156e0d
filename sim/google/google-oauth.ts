import { randomBytes, verify, type KeyObject } from 'node:crypto';
import type { SimRequest, SimResponse } from '../http/route.js';
import { findUser, type GoogleState } from './google-state.js';

/** The audience google-auth-library signs into every service-account assertion. */
export const GOOGLE_TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_LIFETIME_S = 3600;

interface IssuedToken {
  subject?: string;
  scopes: ReadonlySet<string>;
  expiresAt: number;
}

const oauthError = (status: number, error: string, description: string): SimResponse => ({
  status,
  json: { error, error_description: description },
});

/** Google's JSON error envelope of the Admin SDK. */
export const googleApiError = (code: number, message: string, reason: string, status?: string): SimResponse => ({
  status: code,
  json: { error: { code, message, errors: [{ message, domain: 'global', reason }], ...(status ? { status } : {}) } },
});

const b64json = (part: string): Record<string, unknown> | undefined => {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The OAuth side of the simulated Google: the JWT-bearer grant of a service account (RS256 signature checked with
 * the generated public key), domain-wide delegation rules, and bearer-token checks for the Admin SDK routes.
 * https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 */
export class SimGoogleOAuth {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly state: GoogleState,
    private readonly publicKey: KeyObject,
    private readonly clock: () => number = Date.now,
  ) {}

  token(req: SimRequest): SimResponse {
    const form = new URLSearchParams(req.body);
    if (form.get('grant_type') !== JWT_BEARER)
      return oauthError(400, 'unsupported_grant_type', 'Invalid grant_type: ' + (form.get('grant_type') ?? ''));
    const parts = (form.get('assertion') ?? '').split('.');
    const header = parts.length === 3 ? b64json(parts[0]!) : undefined;
    const claims = parts.length === 3 ? b64json(parts[1]!) : undefined;
    if (!header || !claims || header.alg !== 'RS256')
      return oauthError(400, 'invalid_grant', 'Invalid JWT: malformed assertion.');
    const signed = verify(
      'RSA-SHA256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      this.publicKey,
      Buffer.from(parts[2]!, 'base64url'),
    );
    const sa = this.state.serviceAccount;
    if (claims.iss !== sa.clientEmail) return oauthError(400, 'invalid_grant', 'Invalid grant: account not found');
    if (!signed) return oauthError(400, 'invalid_grant', 'Invalid JWT Signature.');
    if (claims.aud !== GOOGLE_TOKEN_AUDIENCE)
      return oauthError(
        400,
        'invalid_grant',
        `Invalid JWT: Failed audience check. The right audience is ${GOOGLE_TOKEN_AUDIENCE}`,
      );
    const nowS = Math.floor(this.clock() / 1000);
    const iat = Number(claims.iat);
    const exp = Number(claims.exp);
    if (!(exp > nowS && iat <= nowS + 300 && exp - iat <= TOKEN_LIFETIME_S)) {
      return oauthError(
        400,
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
      );
    }
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(/\s+/).filter(Boolean) : [];
    if (scopes.length === 0) return oauthError(400, 'invalid_scope', 'Empty or missing scope not allowed.');
    if (!scopes.every((s) => sa.delegatedScopes.includes(s))) {
      return oauthError(
        401,
        'unauthorized_client',
        'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
      );
    }
    const subject = typeof claims.sub === 'string' ? claims.sub : undefined;
    if (subject !== undefined && !findUser(this.state, subject))
      return oauthError(400, 'invalid_grant', 'Invalid email or User ID');
    const accessToken = `simtok.${randomBytes(24).toString('hex')}`;
    this.tokens.set(accessToken, {
      ...(subject ? { subject } : {}),
      scopes: new Set(scopes),
      expiresAt: this.clock() + TOKEN_LIFETIME_S * 1000,
    });
    return { status: 200, json: { access_token: accessToken, expires_in: TOKEN_LIFETIME_S, token_type: 'Bearer' } };
  }

  /** Undefined when the request may call a method needing `scope`; else Google's 401/403 answer. */
  refuse(req: SimRequest, scope: string): SimResponse | undefined {
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer === undefined ? undefined : this.tokens.get(bearer);
    if (!token || token.expiresAt <= this.clock()) {
      return googleApiError(
        401,
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        'authError',
        'UNAUTHENTICATED',
      );
    }
    if (!token.scopes.has(scope))
      return googleApiError(
        403,
        'Request had insufficient authentication scopes.',
        'insufficientPermissions',
        'PERMISSION_DENIED',
      );
    const admin = token.subject === undefined ? undefined : findUser(this.state, token.subject);
    const isAdmin = admin !== undefined && !admin.suspended && (admin.isAdmin || admin.isDelegatedAdmin);
    if (!isAdmin) return googleApiError(403, 'Not Authorized to access this resource/api', 'forbidden');
    return undefined;
  }
}
