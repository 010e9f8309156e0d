import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlCatalog } from '../../checks/controls/catalog.js';
import { consoleApp } from '../../src/console/console-app.js';
import { consoleIdentity } from '../../src/console/console-auth.js';
import { bundleFilename, parseExportQuery } from '../../src/console/control-export.js';
import { ConsoleReadModel } from '../../src/console/read-model.js';
import { verifyBundle } from '../../src/export/verify-bundle.js';
import { ConsoleConfigSchema } from '../../src/model/config/console-config.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';
import { finding, storeFindings } from './console-fixtures.js';

const NOW = new Date('2026-12-07T10:00:00.000Z');
const USERS = { viewer: 'vera@example.com', auditor: 'aud@example.com', approver: 'ann@example.com' };
const CHECK = {
  id: 'github-org-2fa-required',
  title: 'The org requires 2FA',
  controls: ['iso27001:5.17'],
  requires: [],
};

let t: TempStore;
let app: ReturnType<typeof consoleApp>;
beforeEach(async () => {
  t = await tempStore();
  await storeFindings(t.store, 'run-1', '2026-12-01T00:00:00.000Z', [
    finding(CHECK.id, 'fail', 'acme', { controls: ['iso27001:5.17'] }),
  ]);
  await storeFindings(t.store, 'run-2', '2026-12-06T00:00:00.000Z', [
    finding(CHECK.id, 'pass', 'acme', { controls: ['iso27001:5.17'] }),
  ]);
  const config = ConsoleConfigSchema.parse({
    host: '0.0.0.0',
    auth: { proxyHeader: 'X-Forwarded-Email', roles: { auditor: [USERS.auditor], approver: [USERS.approver] } },
  });
  app = consoleApp({
    model: new ConsoleReadModel(t.store, controlCatalog, [CHECK]),
    store: t.store,
    secret: Buffer.alloc(32, 7),
    identify: consoleIdentity(config, 'unused'),
    approvers: [USERS.approver],
    now: () => NOW,
    exportAvailable: true,
  });
});
afterEach(() => t.cleanup());

const get = (path: string, user: string) => app.request(path, { headers: { 'X-Forwarded-Email': user } });

describe('auditors export from the console', () => {
  it('an auditor downloads the bundle of one control and period, the same bundle the CLI writes, and it verifies', async () => {
    const before = await t.store.records.list();
    const res = await get('/export?scope=iso27001:5.17&from=2026-12-01&to=2026-12-06', USERS.auditor);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/zip');
    expect(res.headers.get('Content-Disposition')).toBe(
      'attachment; filename="assay-iso27001-5.17-2026-12-01-2026-12-06.zip"',
    );
    const zip = new Uint8Array(await res.arrayBuffer());
    const verified = verifyBundle(zip);
    expect(verified).toMatchObject({ ok: true, problems: [], runs: 2 });
    expect(await t.store.records.list()).toEqual(before);

    const one = verifyBundle(
      new Uint8Array(
        await (await get('/export?scope=iso27001&from=2026-12-05&to=2026-12-07', USERS.approver)).arrayBuffer(),
      ),
    );
    expect(one).toMatchObject({ ok: true, runs: 1 });
  });

  it('refuses a viewer (403), a bad scope or period (400), and a period without runs (404)', async () => {
    const viewer = await get('/export?scope=iso27001&from=2026-12-01&to=2026-12-06', USERS.viewer);
    expect([viewer.status, await viewer.text()]).toEqual([
      403,
      'downloading a bundle needs the auditor or approver role',
    ]);
    const bad = await get('/export?scope=iso27001:99.9&from=2026-12-01&to=2026-12-06', USERS.auditor);
    expect([bad.status, await bad.text()]).toEqual([400, "scope: '99.9' is not a control of iso27001"]);
    const backwards = await get('/export?scope=iso42001&from=2026-12-06&to=2026-12-01', USERS.auditor);
    expect([backwards.status, await backwards.text()]).toEqual([400, 'from: 2026-12-06 is after to 2026-12-01']);
    const empty = await get('/export?scope=iso27001&from=2025-01-01&to=2025-01-31', USERS.auditor);
    expect([empty.status, await empty.text()]).toEqual([404, 'no committed run started in that period']);
  });

  it('shows the download form to auditors and approvers only, on the controls page and each control page', async () => {
    const controls = await (await get('/controls', USERS.auditor)).text();
    expect(controls).toContain('<form class="filters export" method="get" action="/export">');
    expect(controls).toContain('<option value="iso27001:5.17">');
    expect(controls).toContain('<input type="date" name="from" value="2026-12-01" required>');
    expect(controls).toContain('<input type="date" name="to" value="2026-12-07" required>');
    expect(controls).toContain('<a href="/control?ref=iso27001%3A5.17">');
    expect(await (await get('/controls', USERS.viewer)).text()).not.toContain('action="/export"');

    const control = await get('/control?ref=iso27001:5.17', USERS.approver);
    const html = await control.text();
    expect(control.status).toBe(200);
    expect(html).toContain('<input type="hidden" name="scope" value="iso27001:5.17">');
    expect(html).toContain(`<code>${CHECK.id}</code>`);
    expect(html).toContain('snapshots/github/github-org-acme.json.gz');
    expect((await get('/control?ref=nope', USERS.viewer)).status).toBe(404);
  });

  it('parses the query and names the file safely', () => {
    expect(parseExportQuery({ scope: 'iso42001:A.6.2.6', from: '2026-01-01', to: '2026-03-31' })).toEqual({
      framework: 'iso42001',
      control: 'A.6.2.6',
      from: new Date('2026-01-01T00:00:00.000Z'),
      to: new Date('2026-03-31T23:59:59.999Z'),
    });
    expect(parseExportQuery({ scope: 'iso27001', from: '2026-1-1', to: '2026-03-31' })).toBe(
      'from: expected a date (2026-11-01)',
    );
    expect(parseExportQuery({ scope: 'soc2', from: '2026-01-01', to: '2026-03-31' })).toMatch(/^scope: expected/);
    expect(
      bundleFilename({ framework: 'iso42001', control: 'A.6.2.6', from: new Date(0), to: new Date(86_400_000) }),
    ).toBe('assay-iso42001-A.6.2.6-1970-01-01-1970-01-02.zip');
  });
});
