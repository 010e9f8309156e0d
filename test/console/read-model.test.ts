import { afterEach, describe, expect, it } from 'vitest';
import { controlCatalog } from '../../checks/controls/catalog.js';
import { findingsBody } from '../../src/console/findings-page.js';
import { ConsoleReadModel } from '../../src/console/read-model.js';
import type { Finding } from '../../src/model/finding.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';
import { finding, storeFindings } from './console-fixtures.js';

const CHECKS = [{ id: 'repo-check', controls: ['iso27001:8.5'] }];
let t: TempStore;
afterEach(() => t.cleanup());

describe('ConsoleReadModel', () => {
  it('filters and pages 100,000 findings server-side, a page at a time', async () => {
    t = await tempStore();
    const many = Array.from({ length: 100_000 }, (_, i) =>
      finding('repo-check', i % 10 === 0 ? 'fail' : 'pass', `repo-${i}`),
    );
    const run = await storeFindings(t.store, 'run-1', '2026-12-01T00:00:00.000Z', many);
    const model = new ConsoleReadModel(t.store, controlCatalog, CHECKS);
    await model.refresh();
    const page = await model.query(run, { status: 'fail' }, 3, 100);
    expect(page).toMatchObject({ total: 10_000, page: 3, pageSize: 100, pages: 100 });
    expect(page.items).toHaveLength(100);
    expect(page.items.every((f) => f.status === 'fail')).toBe(true);
    const odd = await model.query(run, { q: 'REPO-99999' }, 1, 37);
    expect(odd.pageSize).toBe(50);
    expect(odd.items.map((f) => f.resource.id)).toEqual(['repo-99999']);
  });

  it('tells new from regressed, filters excepted, control, source and check', async () => {
    t = await tempStore();
    await storeFindings(t.store, 'run-1', '2026-12-01T00:00:00.000Z', [
      finding('repo-check', 'pass', 'was-good'),
      finding('repo-check', 'fail', 'still-bad'),
    ]);
    const run = await storeFindings(t.store, 'run-2', '2026-12-02T00:00:00.000Z', [
      finding('repo-check', 'fail', 'was-good'),
      finding('repo-check', 'fail', 'still-bad'),
      finding('repo-check', 'error', 'brand-new'),
      finding('other-check', 'excepted', 'accepted', {
        controls: ['iso27001:5.1'],
        exception: {
          id: 'x1',
          state: 'in_force',
          approvedBy: 'a@example.com',
          expires: '2027-01-01',
          ticket: 'https://t/1',
        },
      }),
    ]);
    const model = new ConsoleReadModel(t.store, controlCatalog, CHECKS);
    await model.refresh();
    const ids = async (f: Parameters<typeof model.query>[1]) =>
      (await model.query(run, f, 1, 50)).items.map((x) => x.resource.id);
    expect(await ids({ change: 'regressed' })).toEqual(['was-good']);
    expect(await ids({ change: 'new' })).toEqual(['brand-new']);
    expect(await ids({ excepted: 'yes' })).toEqual(['accepted']);
    expect(await ids({ control: 'iso27001:5.1' })).toEqual(['accepted']);
    expect(await ids({ check: 'other-check', source: 'github' })).toEqual(['accepted']);
    expect(await ids({ source: 'aws' })).toEqual([]);
  });

  it('filters findings concerning an executive, newly open ones by the run history (an excepted one stays open) and deep-links every filter', async () => {
    t = await tempStore();
    const person = (checkId: string, status: Finding['status'], id: string, extra: Partial<Finding> = {}) =>
      finding(checkId, status, id, { resource: { type: 'person', id }, ...extra });
    await storeFindings(t.store, 'run-1', '2026-12-01T00:00:00.000Z', [
      finding('repo-check', 'excepted', 'was-excepted'),
      finding('repo-check', 'pass', 'was-good'),
    ]);
    const run = await storeFindings(t.store, 'run-2', '2026-12-02T00:00:00.000Z', [
      person('people-executives-protected', 'fail', 'ceo@example.com', {
        observed: { executive: true, executiveVia: ['people.executives'] },
        lifecycle: 'new',
      }),
      person('google-executives-2sv', 'pass', 'cfo@example.com', { observed: { executiveVia: 'group board' } }),
      person('people-offboarded-access', 'fail', 'cfo@example.com github', { lifecycle: 'still_failing' }),
      person('people-privileged-access', 'fail', 'dev@example.com', {
        observed: { executive: false },
        lifecycle: 'still_failing',
      }),
      finding('repo-check', 'fail', 'was-excepted', { lifecycle: 'still_failing' }),
      finding('repo-check', 'fail', 'was-good', { lifecycle: 'new' }),
    ]);
    const model = new ConsoleReadModel(t.store, controlCatalog, CHECKS);
    await model.refresh();
    const ids = async (f: Parameters<typeof model.query>[1]) =>
      (await model.query(run, f, 1, 50)).items.map((x) => x.resource.id).sort();
    expect(await ids({ executive: 'yes' })).toEqual(['ceo@example.com', 'cfo@example.com', 'cfo@example.com github']);
    expect(await ids({ executive: 'yes', status: 'fail' })).toEqual(['ceo@example.com', 'cfo@example.com github']);
    expect(await ids({ executive: 'no', status: 'fail' })).toEqual(['dev@example.com', 'was-excepted', 'was-good']);
    expect(await ids({ change: 'new' })).toEqual(['ceo@example.com']);
    expect(await ids({ change: 'regressed' })).toEqual(['was-good']);

    const filter = { executive: 'yes', change: 'new', excepted: 'no', status: 'fail', q: 'a&b' };
    const html = findingsBody(
      run,
      filter,
      { ...(await model.query(run, {}, 1, 50)), page: 1, pages: 2 },
      {
        checks: [],
        controls: [],
      },
    );
    const next = /<a href="([^"]+)">Next<\/a>/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(Object.fromEntries(new URL(next, 'http://x').searchParams)).toEqual({
      run: 'run-2',
      ...filter,
      size: '50',
      page: '2',
    });
    for (const [k, v] of Object.entries({ executive: 'yes', change: 'new', excepted: 'no' }))
      expect(html).toMatch(
        new RegExp(`<select name="${k}"><option value="">any</option>.*?<option value="${v}" selected>`),
      );
  });

  it('gives a finding its history across runs and time to fix, and rebuilds when the head moves', async () => {
    t = await tempStore();
    await storeFindings(t.store, 'run-1', '2026-12-01T00:00:00.000Z', [finding('repo-check', 'fail', 'r')]);
    await storeFindings(t.store, 'run-2', '2026-12-01T12:00:00.000Z', [finding('repo-check', 'fail', 'r')]);
    const model = new ConsoleReadModel(t.store, controlCatalog, CHECKS);
    await model.refresh();
    const key = finding('repo-check', 'fail', 'r').key;
    expect((await model.history(key)).hoursToFix).toBeUndefined();
    await storeFindings(t.store, 'run-3', '2026-12-02T00:00:00.000Z', [finding('repo-check', 'pass', 'r')]);
    await model.refresh();
    expect(model.runs()).toHaveLength(3);
    const h = await model.history(key);
    expect(h.firstSeen).toBe('2026-12-01T00:00:00.000Z');
    expect(h.entries.map((e) => e.status)).toEqual(['fail', 'fail', 'pass']);
    expect(h.hoursToFix).toBe(24);
    expect((await model.history('nope')).entries.map((e) => e.status)).toEqual(['absent', 'absent', 'absent']);
  });

  it('counts coverage per control from the run', async () => {
    t = await tempStore();
    const run = await storeFindings(t.store, 'run-1', '2026-12-01T00:00:00.000Z', [finding('repo-check', 'fail', 'r')]);
    const model = new ConsoleReadModel(t.store, controlCatalog, CHECKS);
    await model.refresh();
    const row = (await model.coverage(run)).find((r) => r.ref === 'iso27001:8.5');
    expect(row).toMatchObject({ state: 'automated', checks: ['repo-check'] });
    expect(row?.automated.fail).toBe(1);
  });
});
