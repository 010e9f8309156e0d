import { Hono, type Context } from 'hono';
import { parse as parseCookies, serialize } from 'hono/utils/cookie';
import { esc } from '../reports/html-escape.js';
import { FLOW_COOKIE, FLOW_TTL_MS, OidcSignIn, safeNext, SignInRefused } from './oidc-sign-in.js';
import { issueSession, readSession, sameToken, SESSION_COOKIE, SESSION_TTL_MS } from './session.js';

export interface OidcRoutesOptions {
  signIn: OidcSignIn;
  secret: Uint8Array;
  now: () => Date;
  /** `Secure` cookies: the console's public address is https. */
  secure: boolean;
}

/** The shell of the pages shown before anyone is signed in (no user, no navigation). */
const shell = (title: string, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · assay</title><link rel="stylesheet" href="/assets/console.css"></head>
<body><header><strong>assay</strong></header><main><h1>${esc(title)}</h1>${body}</main></body></html>`;

const cookie = (c: Context, name: string, value: string, maxAgeMs: number, secure: boolean): void => {
  c.header(
    'Set-Cookie',
    serialize(name, value, { httpOnly: true, sameSite: 'Lax', path: '/', secure, maxAge: Math.floor(maxAgeMs / 1000) }),
    { append: true },
  );
};

/** What an unauthenticated request gets: a page goes to the sign-in page (then back), a write is refused. */
export const signInChallenge = (method: string, requestUrl: string): Response => {
  if (method !== 'GET' && method !== 'HEAD') return new Response('sign-in required', { status: 401 });
  const url = new URL(requestUrl);
  const next = new URLSearchParams({ next: url.pathname + url.search }).toString();
  return new Response(null, { status: 303, headers: { Location: `/auth/sign-in?${next}` } });
};

/** `/auth/sign-in` (the page), `/auth/login` (to the provider), `/auth/callback` (back) and `/auth/logout`. */
export function oidcRoutes(o: OidcRoutesOptions): Hono {
  const app = new Hono();
  const loginLink = (next: string) => `/auth/login?${new URLSearchParams({ next }).toString()}`;
  const refused = (c: Context, e: SignInRefused) =>
    c.html(
      shell(
        'Sign-in refused',
        `<p class="notice" role="alert">${esc(e.message)}</p><p><a href="/auth/sign-in">Sign in again</a></p>`,
      ),
      e.status,
    );

  app.get('/sign-in', (c) => {
    const next = safeNext(c.req.query('next'));
    return c.html(
      shell(
        'Sign in',
        `<p>The assay console shows your organisation's control monitoring evidence to the people its configuration names.</p>
<p><a class="button" href="${esc(loginLink(next))}">Sign in with ${esc(o.signIn.providerName)}</a></p>`,
      ),
    );
  });

  app.get('/login', async (c) => {
    try {
      const { url, cookie: flow } = await o.signIn.start(c.req.query('next'), o.now(), o.secret);
      cookie(c, FLOW_COOKIE, flow, FLOW_TTL_MS, o.secure);
      return c.redirect(url, 302);
    } catch (e) {
      if (e instanceof SignInRefused) return refused(c, e);
      throw e;
    }
  });

  app.get('/callback', async (c) => {
    const flow = parseCookies(c.req.header('Cookie') ?? '', FLOW_COOKIE)[FLOW_COOKIE];
    cookie(c, FLOW_COOKIE, '', 0, o.secure);
    try {
      const who = await o.signIn.finish(new URL(c.req.url).search, flow, o.now(), o.secret);
      cookie(
        c,
        SESSION_COOKIE,
        issueSession(o.secret, who.user, o.now(), [...who.roles]).cookie,
        SESSION_TTL_MS,
        o.secure,
      );
      return c.redirect(who.next, 303);
    } catch (e) {
      if (e instanceof SignInRefused) return refused(c, e);
      throw e;
    }
  });

  app.get('/logout', (c) => {
    const session = readSession(
      o.secret,
      parseCookies(c.req.header('Cookie') ?? '', SESSION_COOKIE)[SESSION_COOKIE],
      o.now(),
    );
    if (!session) return c.redirect('/auth/sign-in', 303);
    return c.html(
      shell(
        'Sign out',
        `<p>Signed in as ${esc(session.user)}.</p><form method="post" action="/auth/logout">
<input type="hidden" name="csrf" value="${esc(session.csrf)}"><button type="submit">Sign out</button></form>`,
      ),
    );
  });

  // A POST with the session's CSRF token: another site cannot sign people out.
  app.post('/logout', async (c) => {
    const session = readSession(
      o.secret,
      parseCookies(c.req.header('Cookie') ?? '', SESSION_COOKIE)[SESSION_COOKIE],
      o.now(),
    );
    const form = await c.req.parseBody();
    if (session && !sameToken(typeof form.csrf === 'string' ? form.csrf : '', session.csrf))
      return c.text('CSRF token missing or wrong: reload the page', 403);
    cookie(c, SESSION_COOKIE, '', 0, o.secure);
    return c.html(
      shell('Signed out', `<p>You are signed out of the console.</p><p><a href="/auth/sign-in">Sign in</a></p>`),
    );
  });

  return app;
}
