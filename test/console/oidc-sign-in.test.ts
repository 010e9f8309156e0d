import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { controlCatalog } from '../../checks/controls/catalog.js';
import { consoleApp } from '../../src/console/console-app.js';
import { consoleIdentity } from '../../src/console/console-auth.js';
import { FLOW_COOKIE, OidcSignIn, SignInRefused } from '../../src/console/oidc-sign-in.js';
import { ConsoleReadModel } from '../../src/console/read-model.js';
import { seal, SESSION_COOKIE, unseal } from '../../src/console/session.js';
import { ConsoleConfigSchema } from '../../src/model/config/console-config.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';
import { finding, storeFindings } from './console-fixtures.js';
import { FlowBrowser } from './oidc-browser.js';
import { startTestProvider, type TestProvider } from './oidc-test-provider.js';

const CONSOLE = 'http://127.0.0.1:9';
const CALLBACK = `${CONSOLE}/auth/callback`;
const SECRET = Buffer.alloc(32, 7);
// Built from parts: a client secret that must never show on a page.
const CLIENT_SECRET = ['test', 'client', 'secret', 'x9'].join('-');
const ACCOUNTS = {
  vera: { email: 'vera@example.com' },
  tom: { email: 'Tom@Example.com', groups: ['security-triage'] },
  ann: { email: 'ann@example.com' },
  eve: { email: 'eve@example.com', emailVerified: false },
  out: { email: 'out@elsewhere.org' },
};

let provider: TestProvider;
let t: TempStore;
let clock: Date;

beforeAll(async () => {
  provider = await startTestProvider({
    accounts: ACCOUNTS,
    clientId: 'assay-console',
    clientSecret: CLIENT_SECRET,
    redirectUris: () => [CALLBACK],
  });
});
afterAll(() => provider.close());
beforeEach(async () => {
  t = await tempStore();
  clock = new Date();
  await storeFindings(t.store, 'run-1', '2026-12-06T00:00:00.000Z', [finding('repo-check', 'fail', 'site')]);
});
afterEach(() => t.cleanup());

const configOf = (oidc: Record<string, unknown> = {}) =>
  ConsoleConfigSchema.parse({
    host: '0.0.0.0',
    publicUrl: 'https://assay.example.com',
    auth: {
      oidc: {
        issuer: provider.issuer,
        clientId: 'assay-console',
        clientSecret: { env: 'OIDC_SECRET' },
        scopes: ['openid', 'email', 'groups'],
        allowedDomains: ['example.com'],
        groups: { roles: { triager: ['security-triage'] } },
        ...oidc,
      },
      roles: { approver: ['ann@example.com'] },
    },
  });

function consoleFor(config = configOf(), clientSecret = CLIENT_SECRET) {
  const signIn = new OidcSignIn({ config, clientSecret, redirectUrl: () => CALLBACK });
  const app = consoleApp({
    model: new ConsoleReadModel(t.store, controlCatalog, [{ id: 'repo-check', controls: ['iso27001:8.5'] }]),
    store: t.store,
    secret: SECRET,
    identify: consoleIdentity(config, 'unused'),
    approvers: [],
    now: () => clock,
    oidc: signIn,
    secureCookies: true,
  });
  return (user: string) => new FlowBrowser(CONSOLE, (url, init) => Promise.resolve(app.request(url, init)), user);
}

/** Signs in from the sign-in page's link; the callback's response. */
async function signIn(b: FlowBrowser, next = '/') {
  const { res } = await b.follow(`${CONSOLE}/auth/login?next=${encodeURIComponent(next)}`);
  return res;
}

describe('OIDC sign-in', () => {
  it('sends a page request to the sign-in page, refuses a write, and signs in through the provider', async () => {
    const b = consoleFor()('tom');
    const page = await b.request(`${CONSOLE}/findings?status=fail`);
    expect([page.status, page.headers.get('Location')]).toEqual([
      303,
      '/auth/sign-in?next=%2Ffindings%3Fstatus%3Dfail',
    ]);
    const post = await b.request(`${CONSOLE}/triage`, {
      method: 'POST',
      body: new URLSearchParams({ action: 'comment' }),
    });
    expect([post.status, await post.text()]).toEqual([401, 'sign-in required']);
    expect(page.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const signInRes = await b.request(`${CONSOLE}/auth/sign-in?next=%2Ffindings`);
    expect(signInRes.headers.get('Content-Security-Policy')).toContain("form-action 'self'");
    const signInPage = await signInRes.text();
    expect(signInPage).toContain(`href="/auth/login?next=%2Ffindings">Sign in with ${new URL(provider.issuer).host}`);
    expect(signInPage).not.toContain(CLIENT_SECRET);

    const login = await b.request(`${CONSOLE}/auth/login?next=%2Ffindings`);
    const authorize = new URL(login.headers.get('Location')!);
    expect(authorize.origin).toBe(provider.issuer);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: 'assay-console',
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'openid email groups',
      code_challenge_method: 'S256',
    });
    // Fresh random values (openid-client: 32 bytes, base64url), distinct from each other and from the PKCE challenge.
    const state = authorize.searchParams.get('state');
    const nonce = authorize.searchParams.get('nonce');
    expect(state).toMatch(/^[\w-]{43}$/);
    expect(nonce).toMatch(/^[\w-]{43}$/);
    expect(new Set([state, nonce, authorize.searchParams.get('code_challenge')]).size).toBe(3);
    expect(authorize.href).not.toContain(CLIENT_SECRET);
    expect(login.headers.get('Set-Cookie')).toMatch(
      /^assay_oidc=[^;]+; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );

    const { res: back } = await b.follow(authorize.href, CALLBACK);
    const callback = await b.request(back.headers.get('Location')!);
    expect([callback.status, callback.headers.get('Location')]).toEqual([303, '/findings']);
    expect(callback.headers.getSetCookie()).toEqual([
      'assay_oidc=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax',
      expect.stringMatching(/^assay_console=[^;]+; Max-Age=28800; Path=\/; HttpOnly; Secure; SameSite=Lax$/),
    ]);
    const { res, url } = await b.follow(`${CONSOLE}/findings`);
    expect(url).toBe(`${CONSOLE}/findings`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('tom@example.com · viewer, triager');
    expect(html).toMatch(
      /<form class="sign-out" method="post" action="\/auth\/logout"><input type="hidden" name="csrf" value="[\w-]+"><button type="submit">Sign out<\/button><\/form>/,
    );
    expect(b.cookie(CONSOLE, FLOW_COOKIE)).toBeUndefined();
    const session = unseal(SECRET, 'session', b.cookie(CONSOLE, SESSION_COOKIE)) as { exp: number; roles: string[] };
    expect(session.roles).toEqual(['viewer', 'triager']);
    expect(session.exp).toBe(clock.getTime() + 8 * 3600_000);
    // Server-to-server: discovery, the token call and the keys the ID token's signature is checked against.
    expect(provider.paths).toEqual(expect.arrayContaining(['/.well-known/openid-configuration', '/token', '/jwks']));
  });

  it('gives roles from the config email lists and makes everyone else in the domain a viewer', async () => {
    const open = consoleFor();
    expect(await (await signIn(open('ann'))).text()).toContain('ann@example.com · viewer, approver');
    expect(await (await signIn(open('vera'))).text()).toContain('vera@example.com · viewer</span>');
  });

  it('refuses an unverified email and a domain not allowed', async () => {
    const open = consoleFor();
    const eve = await signIn(open('eve'));
    expect([eve.status, await eve.text()]).toEqual([
      403,
      expect.stringContaining('eve@example.com is not verified at the provider'),
    ]);
    const out = await signIn(open('out'));
    expect([out.status, await out.text()]).toEqual([
      403,
      expect.stringContaining(
        'out@elsewhere.org: the domain elsewhere.org is not among console.auth.oidc.allowedDomains',
      ),
    ]);
  });

  it('without allowedDomains lets in only people named in a role list or a mapped group', async () => {
    const open = consoleFor(configOf({ allowedDomains: [] }));
    expect((await signIn(open('tom'))).status).toBe(200);
    expect((await signIn(open('ann'))).status).toBe(200);
    const vera = await signIn(open('vera'));
    expect([vera.status, await vera.text()]).toEqual([
      403,
      expect.stringContaining('vera@example.com is in no role list'),
    ]);
  });

  it('refuses a callback with a wrong state, a wrong nonce, no flow cookie or an expired flow', async () => {
    const open = consoleFor();
    const atCallback = async (b: FlowBrowser) => {
      const login = await b.request(`${CONSOLE}/auth/login`);
      return new URL((await b.follow(login.headers.get('Location')!, CALLBACK)).url);
    };

    const state = open('vera');
    const back = await atCallback(state);
    back.searchParams.set('state', 'forged');
    const badState = await state.request(back.href);
    expect([badState.status, await badState.text()]).toEqual([
      400,
      expect.stringContaining('unexpected &quot;state&quot; response parameter value'),
    ]);

    const nonce = open('vera');
    const back2 = await atCallback(nonce);
    const flow = unseal(SECRET, 'oidc-flow', nonce.cookie(CONSOLE, FLOW_COOKIE)) as Record<string, unknown>;
    nonce.setCookie(CONSOLE, FLOW_COOKIE, seal(SECRET, 'oidc-flow', { ...flow, nonce: 'another' }));
    const badNonce = await nonce.request(back2.href);
    expect([badNonce.status, await badNonce.text()]).toEqual([
      400,
      expect.stringContaining('unexpected ID Token &quot;nonce&quot; claim value'),
    ]);

    const none = open('vera');
    const back3 = await atCallback(none);
    none.jar.get(CONSOLE)!.delete(FLOW_COOKIE);
    const noFlow = await none.request(back3.href);
    expect([noFlow.status, await noFlow.text()]).toEqual([
      400,
      expect.stringContaining('this sign-in expired or was started in another browser'),
    ]);

    const late = open('vera');
    const back4 = await atCallback(late);
    clock = new Date(clock.getTime() + 11 * 60_000);
    expect((await late.request(back4.href)).status).toBe(400);
    expect(late.cookie(CONSOLE, SESSION_COOKIE)).toBeUndefined();
  });

  it("shows the provider's error (a person who declined) without a session", async () => {
    const b = consoleFor()('vera');
    const login = await b.request(`${CONSOLE}/auth/login`);
    const state = new URL(login.headers.get('Location')!).searchParams.get('state')!;
    const res = await b.request(
      `${CONSOLE}/auth/callback?error=access_denied&error_description=${encodeURIComponent('<b>no</b>')}&state=${state}&iss=${encodeURIComponent(provider.issuer)}`,
    );
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toContain('access_denied: &lt;b&gt;no&lt;/b&gt;');
    expect(b.cookie(CONSOLE, SESSION_COOKIE)).toBeUndefined();
  });

  it('ends a session after 8 hours and at sign-out (a POST with the CSRF token)', async () => {
    const b = consoleFor()('vera');
    expect((await signIn(b)).status).toBe(200);
    clock = new Date(clock.getTime() + 8 * 3600_000 - 1000);
    expect((await b.request(`${CONSOLE}/`)).status).toBe(200);
    clock = new Date(clock.getTime() + 2000);
    expect((await b.request(`${CONSOLE}/`)).status).toBe(303);
    expect((await b.request(`${CONSOLE}/triage`, { method: 'POST' })).status).toBe(401);

    expect((await signIn(b)).status).toBe(200);
    const logoutPage = await (await b.request(`${CONSOLE}/auth/logout`)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(logoutPage)![1]!;
    const forged = await b.request(`${CONSOLE}/auth/logout`, {
      method: 'POST',
      body: new URLSearchParams({ csrf: 'x' }),
    });
    expect(forged.status).toBe(403);
    const out = await b.request(`${CONSOLE}/auth/logout`, { method: 'POST', body: new URLSearchParams({ csrf }) });
    expect(out.status).toBe(200);
    expect(b.cookie(CONSOLE, SESSION_COOKIE)).toBeUndefined();
    expect((await b.request(`${CONSOLE}/`)).status).toBe(303);
  });

  it('refuses a forged session cookie and a flow cookie passed off as a session', async () => {
    const b = consoleFor()('vera');
    const forged = seal(Buffer.alloc(32, 8), 'session', {
      user: 'ann@example.com',
      csrf: 'x',
      exp: Date.now() + 1e6,
      roles: ['approver'],
    });
    b.setCookie(CONSOLE, SESSION_COOKIE, forged);
    expect((await b.request(`${CONSOLE}/`)).status).toBe(303);
    const flowAsSession = seal(SECRET, 'oidc-flow', {
      user: 'ann@example.com',
      csrf: 'x',
      exp: Date.now() + 1e6,
      roles: ['approver'],
    });
    b.setCookie(CONSOLE, SESSION_COOKIE, flowAsSession);
    expect((await b.request(`${CONSOLE}/`)).status).toBe(303);
  });

  it("names the provider's refusal of the code (a wrong client secret)", async () => {
    const b = consoleFor(configOf(), 'not-the-secret')('vera');
    const res = await signIn(b);
    expect([res.status, await res.text()]).toEqual([400, expect.stringContaining('(invalid_client: ')]);
    expect(b.cookie(CONSOLE, SESSION_COOKIE)).toBeUndefined();
  });

  it('comes back only to a page of the console', async () => {
    const b = consoleFor()('vera');
    const { url } = await b.follow(`${CONSOLE}/auth/login?next=${encodeURIComponent('//evil.example/x')}`);
    expect(url).toBe(`${CONSOLE}/`);
  });

  it('reports an unreachable provider, and refuses an http issuer beyond loopback', async () => {
    const config = configOf({ issuer: 'http://127.0.0.1:1' });
    const unreachable = await consoleFor(config)('vera').request(`${CONSOLE}/auth/login`);
    expect([unreachable.status, await unreachable.text()]).toEqual([
      502,
      expect.stringContaining('discovery document at http://127.0.0.1:1/: fetch failed'),
    ]);
    const tampered = configOf();
    tampered.auth!.oidc!.issuer = 'http://idp.example.com';
    const signIn = new OidcSignIn({ config: tampered, clientSecret: CLIENT_SECRET, redirectUrl: () => CALLBACK });
    await expect(signIn.start('/', new Date(), SECRET)).rejects.toThrow(
      new SignInRefused('the issuer http://idp.example.com/ is not https', 502),
    );
  });
});
