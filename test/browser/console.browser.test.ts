import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type RunningConsole } from '../../src/cli/serve-command.js';
import { ConsoleConfigSchema } from '../../src/model/config/console-config.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';
import { finding, storeFindings } from '../console/console-fixtures.js';
import { startTestProvider, TEST_USER_HEADER, type TestProvider } from '../console/oidc-test-provider.js';
import { CHROMIUM, CHROMIUM_ARGS, skipBrowserTests } from '../support/browser.js';

const SHOTS = 'test-results/console';
const USERS = {
  viewer: 'vera@example.com',
  triager: 'tom@example.com',
  approver: 'ann@example.com',
  auditor: 'aud@example.com',
};
type Role = keyof typeof USERS;
const EVIL = `<script>alert("x")</script>'&"`;
// Built from parts: the client secret the console must never show.
const CLIENT_SECRET = ['browser', 'client', 'secret', 'q7'].join('-');

/**
 * One server, one OIDC provider (oidc-provider on loopback) and one browser for the file; each role is a browser
 * context that signs in through the provider (its login step takes the account from a header set on the context).
 */
describe.skipIf(skipBrowserTests())('the console in a browser', () => {
  let t: TempStore | undefined;
  let browser: Browser | undefined;
  let running: RunningConsole | undefined;
  let provider: TestProvider | undefined;
  let axeSource = '';
  const problems: string[] = [];

  beforeAll(async () => {
    t = await tempStore();
    await storeFindings(t.store, 'run-1', '2026-12-05T00:00:00.000Z', [finding('repo-check', 'pass', EVIL)]);
    await storeFindings(t.store, 'run-2', '2026-12-06T00:00:00.000Z', [
      finding('repo-check', 'fail', EVIL, { message: `repo ${EVIL} is public` }),
      ...Array.from({ length: 120 }, (_, i) => finding('repo-check', i % 2 ? 'pass' : 'fail', `repo-${i}`)),
    ]);
    provider = await startTestProvider({
      accounts: {
        viewer: { email: USERS.viewer },
        triager: { email: USERS.triager },
        approver: { email: USERS.approver },
        auditor: { email: USERS.auditor, groups: ['audit'] },
      },
      clientId: 'assay-console',
      clientSecret: CLIENT_SECRET,
      // Derived from the console's own address (loopback, no publicUrl), as `assay serve` prints it.
      redirectUris: () => [running!.redirectUrl!],
    });
    const config = ConsoleConfigSchema.parse({
      port: 0,
      auth: {
        oidc: {
          issuer: provider.issuer,
          clientId: 'assay-console',
          clientSecret: { env: 'ASSAY_OIDC_SECRET' },
          scopes: ['openid', 'email', 'groups'],
          allowedDomains: ['example.com'],
          groups: { roles: { auditor: ['audit'] } },
        },
        roles: { triager: [USERS.triager], approver: [USERS.approver] },
      },
    });
    running = await startConsole(t.store, config, [USERS.approver], 'unused', () => CLIENT_SECRET);
    expect(running.redirectUrl).toBe(new URL('/auth/callback', running.url).href);
    axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await mkdir(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await provider?.close();
    await t?.cleanup();
  });

  /** A fresh browser context for an account of the provider; `axe`: axe-core may be injected (the CSP forbids inline script). */
  const context = async (account: Role, axe = false): Promise<Page> => {
    const ctx = await browser!.newContext({ extraHTTPHeaders: { [TEST_USER_HEADER]: account }, bypassCSP: axe });
    const page = await ctx.newPage();
    page.setDefaultTimeout(5000);
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return page;
  };

  /** Signed in as `role` through the provider: the overview asks for sign-in, the provider sends the browser back. */
  const as = async (role: Role, axe = false): Promise<Page> => {
    const page = await context(role, axe);
    await page.goto(running!.url);
    await page.waitForURL(/\/auth\/sign-in\?next=%2F$/);
    await page.getByRole('link', { name: /^Sign in with 127\.0\.0\.1:\d+$/ }).click();
    await page.waitForURL(running!.url);
    expect(await page.locator('header .who').innerText()).toContain(USERS[role]);
    return page;
  };

  const axe = async (page: Page): Promise<string[]> => {
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
      const w = globalThis as unknown as {
        axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> };
      };
      return (await w.axe.run()).violations;
    });
    return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  };

  it('asks for sign-in first: the sign-in page passes axe, shows no secret, and a write is refused', async () => {
    const page = await context('viewer', true);
    const res = await page.goto(new URL('/findings?status=fail', running!.url).href);
    expect(res?.status()).toBe(200);
    expect(page.url()).toBe(new URL('/auth/sign-in?next=%2Ffindings%3Fstatus%3Dfail', running!.url).href);
    await page.screenshot({ path: `${SHOTS}/sign-in.png` });
    expect(await axe(page)).toEqual([]);
    expect(await page.content()).not.toContain(CLIENT_SECRET);
    const post = await page.request.post(new URL('/triage', running!.url).href, {
      form: { action: 'comment', finding: 'x', text: 'hi' },
    });
    expect(post.status()).toBe(401);
    await page.getByRole('link', { name: /^Sign in with / }).click();
    await page.waitForURL(/\/findings\?status=fail$/);
    expect(await page.locator('header .who').innerText()).toBe(`${USERS.viewer} · viewer`);
    await page.context().close();
  });

  it('signs in each role through the provider; the auditor downloads a control bundle from the controls page', async () => {
    const expected: Record<Role, string> = {
      viewer: 'viewer',
      triager: 'viewer, triager',
      approver: 'viewer, approver',
      auditor: 'viewer, auditor',
    };
    for (const role of Object.keys(USERS) as Role[]) {
      const page = await as(role);
      expect(await page.locator('header .who').innerText()).toBe(`${USERS[role]} · ${expected[role]}`);
      if (role === 'auditor') {
        await page.getByRole('link', { name: 'Controls' }).click();
        await page.waitForURL(/\/controls$/);
        const form = page.locator('form.export');
        await form.locator('select[name="scope"]').selectOption('iso27001:8.5');
        await form.locator('input[name="from"]').fill('2026-12-01');
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          form.getByRole('button', { name: "Download the auditors' bundle" }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/\.zip$/);
        await page.goto(new URL('/findings?change=regressed', running!.url).href);
        await page.locator('tbody a').first().click();
        expect(await page.locator('main').innerText()).toContain('Your roles do not include triage.');
      }
      await page.context().close();
    }
  });

  it('shows every page without a serious accessibility violation, and saves screenshots', async () => {
    const page = await as('viewer', true);
    for (const [name, url] of [
      ['overview', '/'],
      ['findings', '/findings'],
      ['controls', '/controls'],
      ['people', '/people'],
    ] as const) {
      const res = await page.goto(new URL(url, running!.url).href);
      expect(res?.status(), url).toBe(200);
      await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: name !== 'controls' });
      expect(await axe(page), url).toEqual([]);
    }
    await page.goto(running!.url);
    // The README's docs/console.png is copied from this artifact by hand: a test must not rewrite committed files.
    await page.screenshot({ path: `${SHOTS}/overview-top.png` });
    await page.context().close();
  });

  it('filters findings, pages, opens a detail with escaped values; a viewer cannot triage', async () => {
    const page = await as('viewer', true);
    await page.goto(new URL('/findings', running!.url).href);
    await page.selectOption('select[name="status"]', 'fail');
    await page.waitForURL(/status=fail/);
    expect(await page.locator('tbody tr').count()).toBe(50);
    await page.getByRole('link', { name: 'Next' }).first().click();
    await page.waitForURL(/page=2/);
    expect(await page.locator('tbody tr').count()).toBe(11);
    await page.goto(new URL('/findings?change=regressed', running!.url).href);
    await page.locator('tbody a').first().click();
    expect(await page.locator('h2', { hasText: 'History' }).count()).toBe(1);
    expect(await page.locator('main').innerText()).toContain(`repo ${EVIL} is public`);
    expect(await page.locator('main').innerText()).toContain('Your roles do not include triage.');
    expect(await axe(page)).toEqual([]);
    const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
    const res = await page.request.post(new URL('/triage', running!.url).href, {
      form: { csrf: csrf ?? '', action: 'comment', finding: 'x', text: 'hi' },
    });
    expect([res.status(), await res.text()]).toEqual([403, 'comment needs the triager role']);
    expect(await page.locator('form:has(input[name="action"])').count()).toBe(0);
    const approve = await page.request.post(new URL('/triage', running!.url).href, {
      form: { csrf: csrf ?? '', action: 'approve-exception', finding: 'x', proposal: '1' },
    });
    expect([approve.status(), await approve.text()]).toEqual([403, 'approve-exception needs the approver role']);
    const exportRes = await page.request.get(new URL('/export?scope=iso27001', running!.url).href);
    expect(exportRes.status()).toBe(403);
    await page.context().close();
  });

  it('a triager proposes an exception and an approver approves it', { timeout: 20_000 }, async () => {
    const detail = new URL('/findings?change=regressed', running!.url).href;
    const triager = await as('triager');
    await triager.goto(detail);
    await triager.locator('tbody a').first().click();
    const form = triager.locator('form:has(input[value="propose-exception"])');
    await form.locator('textarea[name="justification"]').fill('Public on purpose: documentation site');
    await form.locator('input[name="expires"]').fill(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
    await form.getByRole('button', { name: 'Propose exception' }).click();
    await triager.waitForLoadState();
    expect(await triager.locator('body').innerText()).toContain('proposed an exception');
    await triager.context().close();
    const approver = await as('approver');
    await approver.goto(detail);
    await approver.locator('tbody a').first().click();
    await approver.getByRole('button', { name: /^Approve #/ }).click();
    await expect.poll(() => approver.locator('main').innerText()).toMatch(/approved proposal #\d+/);
    await approver.screenshot({ path: `${SHOTS}/finding-detail.png`, fullPage: true });
    await approver.context().close();
    expect((await t!.store.records.list('triage')).map((r) => r.by)).toEqual([USERS.triager, USERS.approver]);
    expect(problems).toEqual([]);
  });
});
