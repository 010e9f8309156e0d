import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type RunningConsole } from '../../src/cli/serve-command.js';
import { verifyBundle } from '../../src/export/verify-bundle.js';
import { ConsoleConfigSchema } from '../../src/model/config/console-config.js';
import { TICKET_LINK_RECORD } from '../../src/tickets/sync-tickets.js';
import { finding, storeFindings } from '../console/console-fixtures.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';
import { CHROMIUM, CHROMIUM_ARGS, skipBrowserTests } from '../support/browser.js';

const EVIL = `<img src=x onerror="alert(1)">'&`;
const evil = finding('repo-check', 'fail', EVIL, { message: `repository ${EVIL} is public` });

/** The pages this work added (a control's page, the excerpt and tickets of a detail, the download) as the loopback admin. */
describe.skipIf(skipBrowserTests())('console pages in a browser', () => {
  let t: TempStore | undefined;
  let browser: Browser | undefined;
  let running: RunningConsole | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await tempStore();
    await storeFindings(t.store, 'run-1', '2026-12-06T00:00:00.000Z', [evil], {
      'github.repos': [{ name: EVIL, visibility: 'public' }],
    });
    await t.store.records.append(TICKET_LINK_RECORD, {
      by: 'assay',
      data: {
        key: evil.key,
        kind: 'high',
        system: 'github',
        ticket: { id: '#12', url: 'https://github.com/acme/security/issues/12', state: 'open' },
        findingKeys: [evil.key],
        action: 'created',
        runId: 'run-1',
      },
    });
    running = await startConsole(t.store, ConsoleConfigSchema.parse({ port: 0 }), [], 'admin');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // bypassCSP only so axe-core can be injected; the pages themselves run under the console's CSP otherwise.
    const ctx = await browser.newContext({ bypassCSP: true, acceptDownloads: true });
    page = await ctx.newPage();
    page.setDefaultTimeout(5000);
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => problems.push(`dialog: ${d.message()}`));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await t?.cleanup();
  });

  const seriousAxe = async (): Promise<string[]> => {
    const src = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.addScriptTag({ content: src });
    const violations = await page.evaluate(async () => {
      const w = globalThis as unknown as {
        axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> };
      };
      return (await w.axe.run()).violations;
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  };

  it('shows the detail with its excerpt and ticket, escaped, and a control page, without a serious axe violation', async () => {
    await page.goto(new URL(`/finding?key=${encodeURIComponent(evil.key)}`, running!.url).href);
    const main = page.locator('main');
    expect(await main.locator('pre').nth(1).innerText()).toContain(`"name": "<img src=x onerror=\\"alert(1)\\">'&"`);
    expect(await main.locator('img').count()).toBe(0);
    expect(await page.getByRole('link', { name: '#12' }).getAttribute('href')).toBe(
      'https://github.com/acme/security/issues/12',
    );
    expect(await seriousAxe()).toEqual([]);

    await page.getByRole('link', { name: 'iso27001:8.5' }).click();
    await page.waitForURL(/\/control\?ref=iso27001%3A8\.5$/);
    expect(await page.locator('h1').innerText()).toMatch(/^iso27001:8\.5 /);
    expect(await seriousAxe()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('downloads a control bundle from its page, and it verifies', async () => {
    await page.goto(new URL('/control?ref=iso27001:8.5', running!.url).href);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: "Download the auditors' bundle" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^assay-iso27001-8\.5-2026-12-06-\d{4}-\d{2}-\d{2}\.zip$/);
    const file = await download.path();
    expect(verifyBundle(await readFile(file))).toMatchObject({ ok: true, runs: 1, problems: [] });
  });
});
