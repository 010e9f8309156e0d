import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type RunningConsole } from '../../src/cli/serve-command.js';
import { ConsoleConfigSchema } from '../../src/model/config/console-config.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';
import { finding, storeFindings } from '../console/console-fixtures.js';
import { CHROMIUM, CHROMIUM_ARGS, skipBrowserTests } from '../support/browser.js';

const SHOTS = 'test-results/console';
const USERS = { viewer: 'vera@example.com', triager: 'tom@example.com', approver: 'ann@example.com' };
const EVIL = `<script>alert("x")</script>'&"`;

/** One server and one browser for the file; each role is a browser context sending the trusted proxy's header. */
describe.skipIf(skipBrowserTests())('the console in a browser', () => {
  let t: TempStore | undefined;
  let browser: Browser | undefined;
  let running: RunningConsole | undefined;
  let axeSource = '';
  const problems: string[] = [];

  beforeAll(async () => {
    t = await tempStore();
    await storeFindings(t.store, 'run-1', '2026-12-05T00:00:00.000Z', [finding('repo-check', 'pass', EVIL)]);
    await storeFindings(t.store, 'run-2', '2026-12-06T00:00:00.000Z', [
      finding('repo-check', 'fail', EVIL, { message: `repo ${EVIL} is public` }),
      ...Array.from({ length: 120 }, (_, i) => finding('repo-check', i % 2 ? 'pass' : 'fail', `repo-${i}`)),
    ]);
    const config = ConsoleConfigSchema.parse({
      port: 0,
      auth: { proxyHeader: 'X-Forwarded-Email', roles: { triager: [USERS.triager], approver: [USERS.approver] } },
    });
    running = await startConsole(t.store, config, [USERS.approver], 'unused');
    axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await mkdir(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await t?.cleanup();
  });

  /** `axe`: a context where axe-core can be injected (the console's own policy forbids inline script). */
  const as = async (user: string, axe = false): Promise<Page> => {
    const context = await browser!.newContext({ extraHTTPHeaders: { 'X-Forwarded-Email': user }, bypassCSP: axe });
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
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

  it('shows every page without a serious accessibility violation, and saves screenshots', async () => {
    const page = await as(USERS.viewer, true);
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
    await page.screenshot({ path: `${SHOTS}/overview-top.png` });
    await mkdir('docs', { recursive: true });
    await copyFile(`${SHOTS}/overview-top.png`, 'docs/console.png');
    await page.context().close();
  });

  it('filters findings, pages, opens a detail with escaped values; a viewer cannot triage', async () => {
    const page = await as(USERS.viewer, true);
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
    expect(res.status()).toBe(403);
    await page.context().close();
  });

  it('a triager proposes an exception and an approver approves it', { timeout: 20_000 }, async () => {
    const detail = new URL('/findings?change=regressed', running!.url).href;
    const triager = await as(USERS.triager);
    await triager.goto(detail);
    await triager.locator('tbody a').first().click();
    const form = triager.locator('form:has(input[value="propose-exception"])');
    await form.locator('textarea[name="justification"]').fill('Public on purpose: documentation site');
    await form.locator('input[name="expires"]').fill(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
    await form.getByRole('button', { name: 'Propose exception' }).click();
    await triager.waitForLoadState();
    expect(await triager.locator('body').innerText()).toContain('proposed an exception');
    await triager.context().close();
    const approver = await as(USERS.approver);
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
