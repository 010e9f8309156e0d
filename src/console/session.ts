import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'assay_console';

export interface Session {
  user: string;
  csrf: string;
}

const sign = (secret: Uint8Array, body: string): string =>
  createHmac('sha256', secret).update(body).digest('base64url');

/** `<base64url JSON>.<HMAC>`: the server alone can make one; the CSRF token is bound to it. */
export function issueSession(secret: Uint8Array, user: string): { session: Session; cookie: string } {
  const session = { user, csrf: randomBytes(24).toString('base64url') };
  const body = Buffer.from(JSON.stringify(session)).toString('base64url');
  return { session, cookie: `${body}.${sign(secret, body)}` };
}

export function readSession(secret: Uint8Array, cookie: string | undefined): Session | undefined {
  if (!cookie) return undefined;
  const [body, mac, extra] = cookie.split('.');
  if (!body || !mac || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const s = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<Session>;
    return typeof s.user === 'string' && typeof s.csrf === 'string' ? { user: s.user, csrf: s.csrf } : undefined;
  } catch {
    return undefined;
  }
}

export const sameToken = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
