import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlCatalog } from '../../checks/controls/catalog.js';
import { consoleApp } from '../../src/console/console-app.js';
import { consoleIdentity } from '../../src/console/console-auth.js';
import { PAGE_ENTRY_LIMIT } from '../../src/console/finding-evidence.js';
import { ConsoleReadModel } from '../../src/console/read-model.js';
import { ConsoleConfigSchema } from '../../src/model/config/console-config.js';
import { TICKET_LINK_RECORD } from '../../src/tickets/sync-tickets.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';
import { acmeSnapshot, finding, storeFindings } from './console-fixtures.js';

const EVIL = `<img src=x onerror="alert(1)">'&`;
const ESCAPED = '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;';
const evil = finding('repo-check', 'fail', EVIL, { message: `repository ${EVIL} is public` });
const REPOS = [
  { name: EVIL, visibility: 'public', description: '<b>docs</b>' },
  ...Array.from({ length: 60 }, (_, i) => ({ name: `other-${i}`, visibility: 'private' })),
];

let t: TempStore;
let app: ReturnType<typeof consoleApp>;
beforeEach(async () => {
  t = await tempStore();
  await storeFindings(t.store, 'run-1', '2026-12-06T00:00:00.000Z', [evil], { 'github.repos': REPOS });
  app = consoleApp({
    model: new ConsoleReadModel(t.store, controlCatalog, [{ id: 'repo-check', controls: ['iso27001:8.5'] }]),
    store: t.store,
    secret: Buffer.alloc(32, 7),
    identify: consoleIdentity(ConsoleConfigSchema.parse({}), 'admin'),
    approvers: [],
  });
});
afterEach(() => t.cleanup());

const detail = async () => (await app.request(`/finding?key=${encodeURIComponent(evil.key)}`)).text();

describe('finding detail', () => {
  it('shows the snapshot entries naming the resource with the manifest SHA-256, escaped, and nothing else of the dataset', async () => {
    const html = await detail();
    const [run] = await t.store.listRuns();
    const artifact = run!.artifacts.find((a) => a.path === 'snapshots/github/github-org-acme.json.gz')!;
    expect(html).toContain(`<code>${artifact.sha256}</code>`);
    // JSON escapes the quotes (\"), HTML escapes everything after.
    expect(html).toContain(
      '&quot;name&quot;: &quot;&lt;img src=x onerror=\\&quot;alert(1)\\&quot;&gt;&#39;&amp;&quot;',
    );
    expect(html).toContain('&quot;description&quot;: &quot;&lt;b&gt;docs&lt;/b&gt;&quot;');
    expect(html).toContain('&quot;rule&quot;: &quot;matching&quot;');
    expect(html).not.toContain('other-0');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>docs');
  });

  it('bounds a population excerpt to a page', async () => {
    const all = finding('repo-check', 'fail', 'the-org', { resource: { type: 'org', id: 'the-org' } });
    await storeFindings(t.store, 'run-2', '2026-12-07T00:00:00.000Z', [all], { 'github.repos': REPOS });
    const html = await (await app.request(`/finding?key=${encodeURIComponent(all.key)}`)).text();
    expect(html).toContain('&quot;rule&quot;: &quot;population&quot;');
    expect(html).toContain(`&quot;omitted&quot;: ${REPOS.length - PAGE_ENTRY_LIMIT}`);
    expect(html).toContain(`other-${PAGE_ENTRY_LIMIT - 2}`);
    expect(html).not.toContain(`other-${PAGE_ENTRY_LIMIT - 1}&`);
  });

  it('says so when the stored snapshot no longer matches its manifest', async () => {
    const file = path.join(t.dir, 'runs', 'run-1', 'snapshots', 'github', 'github-org-acme.json.gz');
    await writeFile(file, gzipSync(JSON.stringify(acmeSnapshot('2026-12-06T00:00:00.000Z', {}))));
    const html = await detail();
    expect(html).toContain('This snapshot its SHA-256 differs from the manifest: the stored snapshot was changed.');
    expect(html).not.toContain('&quot;rule&quot;');
  });

  it('lists the linked tickets from the ticket-link records, the newest state per ticket, linking only http(s)', async () => {
    const link = (action: string, state: string, url: string, id = 'SEC-7') => ({
      by: 'assay',
      data: {
        key: evil.key,
        kind: 'high',
        system: 'jira',
        ticket: { id, url, state },
        findingKeys: [evil.key],
        action,
        runId: 'run-1',
      },
    });
    await t.store.records.append(TICKET_LINK_RECORD, link('created', 'open', 'https://jira.example.com/browse/SEC-7'));
    await t.store.records.append(TICKET_LINK_RECORD, link('closed', 'closed', 'https://jira.example.com/browse/SEC-7'));
    await t.store.records.append(TICKET_LINK_RECORD, {
      ...link('created', 'open', 'javascript:alert(1)', `<i>${EVIL}</i>`),
      data: { ...link('created', 'open', 'javascript:alert(1)', `<i>${EVIL}</i>`).data, system: 'linear' },
    });
    await t.store.records.append(TICKET_LINK_RECORD, {
      by: 'assay',
      data: { ...link('created', 'open', 'https://x.example.com/1', 'OTHER-1').data, findingKeys: ['another|key'] },
    });
    const html = await detail();
    expect(html).toContain(
      '<td>jira</td><td><a href="https://jira.example.com/browse/SEC-7" rel="noreferrer">SEC-7</a></td><td>closed</td><td>closed ',
    );
    expect(html).toContain(`<td>linear</td><td>&lt;i&gt;${ESCAPED}&lt;/i&gt;</td><td>open</td>`);
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('OTHER-1');
  });
});
