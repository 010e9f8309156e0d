import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'assay_console';
/** A session lasts a working day; then the browser signs in again (and OIDC roles are read afresh). */
export const SESSION_TTL_MS = 8 * 3600_000;

export interface Session {
  user: string;
  csrf: string;
  /** Expiry, epoch milliseconds. */
  exp: number;
  /** Roles granted at OIDC sign-in; absent where each request names its user (loopback, proxy header). */
  roles?: string[];
}

const sign = (secret: Uint8Array, purpose: string, body: string): string =>
  createHmac('sha256', secret).update(`${purpose}.${body}`).digest('base64url');

/** `<base64url JSON>.<HMAC>`, bound to its purpose so one kind of cookie cannot pass for another. */
export function seal(secret: Uint8Array, purpose: string, value: object): string {
  const body = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${body}.${sign(secret, purpose, body)}`;
}

/** The sealed value, or undefined when the cookie is absent, altered, or was sealed for another purpose. */
export function unseal(secret: Uint8Array, purpose: string, cookie: string | undefined): unknown {
  if (!cookie) return undefined;
  const [body, mac, extra] = cookie.split('.');
  if (!body || !mac || extra !== undefined) return undefined;
  if (!sameToken(mac, sign(secret, purpose, body))) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The server alone can make one; the CSRF token is bound to it. */
export function issueSession(
  secret: Uint8Array,
  user: string,
  now: Date,
  roles?: readonly string[],
): { session: Session; cookie: string } {
  const session: Session = {
    user,
    csrf: randomBytes(24).toString('base64url'),
    exp: now.getTime() + SESSION_TTL_MS,
    ...(roles ? { roles: [...roles] } : {}),
  };
  return { session, cookie: seal(secret, 'session', session) };
}

export function readSession(secret: Uint8Array, cookie: string | undefined, now: Date): Session | undefined {
  const s = unseal(secret, 'session', cookie) as Partial<Session> | undefined;
  if (typeof s?.user !== 'string' || typeof s.csrf !== 'string' || typeof s.exp !== 'number') return undefined;
  if (s.exp <= now.getTime()) return undefined;
  const roles = Array.isArray(s.roles) ? s.roles.filter((r): r is string => typeof r === 'string') : undefined;
  return { user: s.user, csrf: s.csrf, exp: s.exp, ...(roles ? { roles } : {}) };
}

export const sameToken = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
