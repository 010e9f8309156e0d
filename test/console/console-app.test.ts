import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlCatalog } from '../../checks/controls/catalog.js';
import { consoleApp } from '../../src/console/console-app.js';
import { consoleIdentity } from '../../src/console/console-auth.js';
import { ConsoleReadModel } from '../../src/console/read-model.js';
import { ConfigError } from '../../src/errors.js';
import { ConsoleConfigSchema } from '../../src/model/config/console-config.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';
import { finding, storeFindings } from './console-fixtures.js';

const EVIL = `<script>alert("x")</script>'&"`;
const NOW = new Date('2026-12-07T10:00:00.000Z');
const USERS = { viewer: 'vera@example.com', triager: 'tom@example.com', approver: 'ann@example.com' };

let t: TempStore;
let app: ReturnType<typeof consoleApp>;
const evil = finding('repo-check', 'fail', EVIL, { message: `repo ${EVIL} is public` });

beforeEach(async () => {
  t = await tempStore();
  await storeFindings(t.store, 'run-1', '2026-12-06T00:00:00.000Z', [evil, finding('repo-check', 'pass', 'fine')]);
  const config = ConsoleConfigSchema.parse({
    host: '0.0.0.0',
    auth: { proxyHeader: 'X-Forwarded-Email', roles: { triager: [USERS.triager], approver: [USERS.approver] } },
  });
  app = consoleApp({
    model: new ConsoleReadModel(t.store, controlCatalog, [{ id: 'repo-check', controls: ['iso27001:8.5'] }]),
    store: t.store,
    secret: Buffer.alloc(32, 7),
    identify: consoleIdentity(config, 'unused'),
    approvers: [USERS.approver],
    now: () => NOW,
  });
});
afterEach(() => t.cleanup());

/** A signed-in browser: keeps the session cookie and reads the CSRF token from the page. */
async function signIn(user: string) {
  const headers = { 'X-Forwarded-Email': user };
  const first = await app.request('/', { headers });
  const cookie = first.headers.get('Set-Cookie')!.split(';')[0]!;
  const detail = await app.request(`/finding?key=${encodeURIComponent(evil.key)}`, { headers: { ...headers, cookie } });
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(await detail.text())?.[1] ?? '';
  const post = (fields: Record<string, string>, token = csrf) =>
    app.request('/triage', {
      method: 'POST',
      headers: { ...headers, cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: token, finding: evil.key, ...fields }).toString(),
    });
  return { cookie, headers, csrf, post };
}

describe('console app', () => {
  it('escapes every stored value and sends a strict CSP', async () => {
    const res = await app.request('/findings?q=script', { headers: { 'X-Forwarded-Email': USERS.viewer } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&quot;');
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(res.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Set-Cookie')).toMatch(/HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/);
    const detail = await app.request(`/finding?key=${encodeURIComponent(evil.key)}`, {
      headers: { 'X-Forwarded-Email': USERS.viewer },
    });
    const body = await detail.text();
    expect(body).not.toContain('<script>alert');
    expect(body).toContain('snapshots/github/github-org-acme.json.gz');
  });

  it('refuses a request without the proxy header, and a console beyond loopback without auth', async () => {
    expect((await app.request('/')).status).toBe(401);
    expect(() => consoleIdentity(ConsoleConfigSchema.parse({ host: '0.0.0.0' }), 'me')).toThrow(ConfigError);
    expect(consoleIdentity(ConsoleConfigSchema.parse({}), 'me')(new Headers())?.roles.size).toBe(4);
  });

  it('refuses a POST without the CSRF token, and a viewer', async () => {
    const triager = await signIn(USERS.triager);
    expect((await triager.post({ action: 'acknowledge' }, 'forged')).status).toBe(403);
    const viewer = await signIn(USERS.viewer);
    const res = await viewer.post({ action: 'comment', text: 'hello' });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('comment needs the triager role');
    expect(await t.store.records.list()).toEqual([]);
  });

  it('stores triage as records: a triager proposes, an approver approves, nobody approves their own', async () => {
    const triager = await signIn(USERS.triager);
    expect((await triager.post({ action: 'assign', owner: 'olga@example.com' })).status).toBe(303);
    const far = await triager.post({
      action: 'propose-exception',
      check: 'repo-check',
      resource: EVIL,
      justification: 'public by design: docs',
      expires: '2028-01-01',
    });
    expect([far.status, await far.text()]).toEqual([409, 'expires 2028-01-01 is more than one year away']);
    const proposed = await triager.post({
      action: 'propose-exception',
      check: 'repo-check',
      resource: EVIL,
      justification: 'public by design: docs',
      expires: '2027-06-01',
    });
    expect(proposed.status).toBe(303);
    const proposal = (await t.store.records.list('triage')).at(-1)!.seq;
    expect((await triager.post({ action: 'approve-exception', proposal: String(proposal) })).status).toBe(403);
    const approver = await signIn(USERS.approver);
    expect((await approver.post({ action: 'approve-exception', proposal: String(proposal) })).status).toBe(303);
    const again = await approver.post({ action: 'reject-exception', proposal: String(proposal) });
    expect([again.status, await again.text()]).toEqual([409, `proposal #${proposal} was already decided`]);
    const records = await t.store.records.list('triage');
    expect(records.map((r) => [r.by, (r.data as { action: string }).action])).toEqual([
      [USERS.triager, 'assign'],
      [USERS.triager, 'propose-exception'],
      [USERS.approver, 'approve-exception'],
    ]);
    const page = await (
      await app.request(`/finding?key=${encodeURIComponent(evil.key)}`, { headers: approver.headers })
    ).text();
    expect(page).toContain(`approved proposal #${proposal}`);
    expect(page).toContain(`Exception <code>console#${proposal}</code> is approved`);

    expect((await triager.post({ action: 'revoke-exception', proposal: String(proposal) })).status).toBe(403);
    expect(
      (await approver.post({ action: 'revoke-exception', proposal: String(proposal), note: 'fixed' })).status,
    ).toBe(303);
    const twice = await approver.post({ action: 'revoke-exception', proposal: String(proposal) });
    expect([twice.status, await twice.text()]).toEqual([409, `proposal #${proposal} was already revoked`]);
    const after = await (
      await app.request(`/finding?key=${encodeURIComponent(evil.key)}`, { headers: approver.headers })
    ).text();
    expect(after).toContain(`revoked proposal #${proposal}: fixed`);
    expect(after).not.toContain(`Revoke #${proposal}`);
  });
});
