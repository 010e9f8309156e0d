import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { CHROMIUM, CHROMIUM_ARGS, skipBrowserTests } from '../support/browser.js';
import { githubConfig, runWithConfig, tempStore, type TempStore } from '../support/sim-run.js';

/** The report of a real run (the pipeline on the simulated GitHub organizations), opened as a file in Chromium. */
describe.skipIf(skipBrowserTests())('the run report in a browser', () => {
  let sim: SimulatedOrganization | undefined;
  let t: TempStore | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    const s = (sim = await startSimulatedOrganization({ seed: 42 }));
    const store = (t = await tempStore());
    const yaml = githubConfig(s, { timeoutSeconds: 120, requestTimeoutSeconds: 20 });
    const { runId } = await runWithConfig(yaml, { GH: s.github.token }, store.store);
    const file = path.join(store.dir, 'report-copy.html');
    await writeFile(file, await store.store.readArtifact(runId, 'report.html'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    // A Content-Security-Policy violation or a script error shows up here.
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(pathToFileURL(file).href);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
    await t?.cleanup();
  });

  it('shows every section, and its stylesheet loads under its own policy', async () => {
    for (const id of ['open', 'changes', 'excepted', 'coverage', 'sources', 'checks'])
      expect(await page.locator(`section#${id} > h2`).count(), id).toBe(1);
    expect(await page.locator('nav a').count()).toBeGreaterThanOrEqual(6);
    // The stylesheet applied (its hash is in the policy), and the filter bar shows where :has() works.
    expect(await page.evaluate('getComputedStyle(document.body).marginTop')).toBe('32px');
    expect(await page.locator('p.filters').isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('has a coverage matrix of all 131 controls', async () => {
    expect(await page.locator('#coverage table.coverage tbody tr').count()).toBe(131);
    expect(await page.locator('#coverage table[data-framework="iso27001"] tbody tr').count()).toBe(93);
    expect(await page.locator('#coverage table[data-framework="iso42001"] tbody tr').count()).toBe(38);
    expect(await page.locator('tr[data-control="iso27001:5.17"] td').nth(2).textContent()).toBe('automated');
  });

  it("opens a finding's detail on a click", async () => {
    const finding = page.locator('details.finding').first();
    expect(await finding.getAttribute('open')).toBeNull();
    expect(await finding.locator('dl').isVisible()).toBe(false);
    await finding.locator('summary').click();
    expect(await finding.getAttribute('open')).toBe('');
    expect(await finding.locator('dl').isVisible()).toBe(true);
    expect(await finding.locator('dt', { hasText: 'Remediation' }).count()).toBe(1);
  });

  it('hides the findings of a severity when its box is unchecked, without a script', async () => {
    const severity = (await page.locator('details.finding').first().getAttribute('data-severity'))!;
    const of = page.locator(`details.finding[data-severity="${severity}"]`);
    expect(await of.first().isVisible()).toBe(true);
    await page.locator(`#flt-sev-${severity}`).uncheck();
    expect(await of.first().isVisible()).toBe(false);
    await page.locator(`#flt-sev-${severity}`).check();
    expect(await of.first().isVisible()).toBe(true);
  });
});
