import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlCatalog } from '../../checks/controls/catalog.js';
import { consoleApp } from '../../src/console/console-app.js';
import { consoleIdentity } from '../../src/console/console-auth.js';
import { ConsoleReadModel } from '../../src/console/read-model.js';
import { ConsoleConfigSchema } from '../../src/model/config/console-config.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';
import { finding, storeFindings } from './console-fixtures.js';

let t: TempStore;
let app: ReturnType<typeof consoleApp>;
beforeEach(async () => {
  t = await tempStore();
  app = consoleApp({
    model: new ConsoleReadModel(t.store, controlCatalog, [{ id: 'repo-check', controls: ['iso27001:8.5'] }]),
    store: t.store,
    secret: Buffer.alloc(32, 7),
    identify: consoleIdentity(ConsoleConfigSchema.parse({}), 'admin'),
    approvers: [],
  });
});
afterEach(() => t.cleanup());

describe('overview', () => {
  it('shows the newest scheduled run, the trend of scheduled runs as inline SVG, changes since the previous scheduled run and the collectors that failed', async () => {
    await storeFindings(t.store, 'run-1', '2026-12-01T00:00:00.000Z', [
      finding('repo-check', 'fail', 'a'),
      finding('repo-check', 'pass', 'b'),
    ]);
    await storeFindings(t.store, 'run-2', '2026-12-02T00:00:00.000Z', [
      finding('repo-check', 'fail', 'a'),
      finding('repo-check', 'fail', 'b'),
      finding('repo-check', 'fail', 'c'),
    ]);
    await storeFindings(
      t.store,
      'event-1',
      '2026-12-02T06:00:00.000Z',
      [finding('event-check', 'pass', 'e')],
      {},
      'event',
    );
    const html = await (await app.request('/')).text();
    expect(html).toContain('Run <code>run-2</code> (#2)');
    expect(html).toContain('aria-label="Failing and error findings over the last 2 runs: 1, 3"');
    expect(html).toMatch(
      /<svg role="img"[^>]*>\n<polyline fill="none" stroke="#a40e26" stroke-width="2" points="0\.0,[\d.]+ 600\.0,3\.0"\/><\/svg>/,
    );
    expect(html).not.toMatch(/<script(?! src="\/assets\/console\.js")/);
    expect(html).toMatch(/<li><a href="[^"]*change=regressed[^"]*">1<\/a> regressed<\/li>/);
    expect(html).toMatch(/<li><a href="[^"]*change=new[^"]*">1<\/a> new<\/li>/);
    expect(html).toContain('<h2>Collectors that failed</h2>');
    expect(html).toContain('<td>github</td><td><code>GET /orgs/acme/members</code></td><td>no</td>');
  });

  it('says so when the store holds no run', async () => {
    expect(await (await app.request('/')).text()).toContain('The store holds no run yet');
  });
});
