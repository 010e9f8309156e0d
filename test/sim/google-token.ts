import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';

const ALL_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.member.readonly',
  'https://www.googleapis.com/auth/admin.directory.rolemanagement.readonly',
  'https://www.googleapis.com/auth/admin.reports.audit.readonly',
];

/** Signs a service-account assertion as google-auth-library does (RS256, aud = Google's token URL). */
export function assertion(
  keyJson: string,
  claims: { sub?: string; scope?: string; iat?: number; exp?: number; aud?: string } = {},
  otherKey = false,
): string {
  const key = JSON.parse(keyJson) as { client_email: string; private_key: string };
  const iat = claims.iat ?? Math.floor(Date.now() / 1000);
  const payload = {
    iss: key.client_email,
    scope: claims.scope ?? ALL_SCOPES.join(' '),
    aud: claims.aud ?? 'https://oauth2.googleapis.com/token',
    iat,
    exp: claims.exp ?? iat + 3600,
    ...(claims.sub ? { sub: claims.sub } : {}),
  };
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const data = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(payload)}`;
  const pk = otherKey
    ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    : createPrivateKey(key.private_key);
  return `${data}.${sign('RSA-SHA256', Buffer.from(data), pk).toString('base64url')}`;
}

export async function tokenResponse(
  tokenUrl: string,
  jwt: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt }),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

export async function accessToken(
  tokenUrl: string,
  keyJson: string,
  claims: Parameters<typeof assertion>[1],
): Promise<string> {
  const { status, body } = await tokenResponse(tokenUrl, assertion(keyJson, claims));
  if (status !== 200) throw new Error(`token endpoint answered ${status}: ${JSON.stringify(body)}`);
  return body.access_token as string;
}
