import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import peopleAccessReviewCurrent from '../../checks/people/people-access-review-current.js';
import peopleAccessReviewRevocations from '../../checks/people/people-access-review-revocations.js';
import { accessReviewDerivation } from '../../collectors/people/access-review-derivation.js';
import { peopleDerivation } from '../../collectors/people/people-derivation.js';
import { parseConfig } from '../../src/config/load-config.js';
import { runPipeline } from '../../src/engine/run-pipeline.js';
import { defineCollector } from '../../src/model/collector.js';
import { datasets } from '../../src/model/datasets/index.js';
import { campaignsOf, reviewState } from '../../src/access-review/review-state.js';
import { bufferOutput } from '../../src/cli/output.js';
import { tempStore } from '../evidence/evidence-fixtures.js';
import { D, gUser } from '../people/people-fixtures.js';
import { buildCampaign } from '../../src/access-review/build-campaign.js';
import { accessReviewTruth, quarterOf, seedDemoAccessReview } from '../../src/cli/demo-access-review.js';
import { openLocalStore } from '../../src/cli/open-store.js';
import { ACCESS_REVIEW_CAMPAIGN, ACCESS_REVIEW_DECISIONS } from '../../src/model/datasets/access-review.js';
import { scenario } from '../checks/people/people-check-fixtures.js';

const HOUR = 3_600_000;

describe('the demo access review', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-demo-review-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('names the campaign after the calendar quarter', () => {
    expect(quarterOf(new Date('2026-12-07T12:00:00Z'))).toBe('2026Q4');
    expect(quarterOf(new Date('2027-01-01T00:00:00Z'))).toBe('2027Q1');
  });

  it('expects no campaign to fail the current check, then the seeded revoke to fail once older than the SLA', async () => {
    const opts = { periodDays: 90, slaHours: 24 };
    const now = new Date();
    expect(await accessReviewTruth(dir, { ...opts, now })).toEqual({
      'people-access-review-current': [{ scopeId: 'organization', resourceId: 'organization' }],
      'people-access-review-revocations': [],
    });
    const campaign = buildCampaign({
      id: '2026Q4',
      period: '2026Q4',
      graph: scenario(),
      graphRun: { runId: 'r1', sequence: 1, sha256: 'a'.repeat(64) },
      config: undefined,
      previous: undefined,
    });
    const { store } = openLocalStore(dir);
    await store.records.append(ACCESS_REVIEW_CAMPAIGN, { by: 'ciso@example.com', data: campaign });
    const revoked = campaign.items[0]!;
    await store.records.append(ACCESS_REVIEW_DECISIONS, {
      by: 'ciso@example.com',
      data: {
        file: 'd.csv',
        decisions: campaign.items.map((i) => ({
          campaign: '2026Q4',
          item: i.id,
          decision: i === revoked ? ('revoke' as const) : ('keep' as const),
          decidedBy: 'ciso@example.com',
          decidedAt: now.toISOString(),
        })),
      },
    });
    expect(await accessReviewTruth(dir, { ...opts, now })).toEqual({
      'people-access-review-current': [],
      'people-access-review-revocations': [],
    });
    const later = new Date(now.getTime() + 25 * HOUR);
    expect((await accessReviewTruth(dir, { ...opts, now: later }))['people-access-review-revocations']).toEqual([
      { scopeId: 'organization', resourceId: `${revoked.scope}/${revoked.account}` },
    ]);
    // Past the review period, the campaign no longer counts.
    const stale = new Date(now.getTime() + 91 * 24 * HOUR);
    expect((await accessReviewTruth(dir, { ...opts, now: stale }))['people-access-review-current']).toHaveLength(1);
  });
});

const workspace = defineCollector({
  id: 'google-workspace',
  source: 'google',
  title: 'fake',
  permissions: [],
  schema: {
    'google-workspace.users': datasets['google-workspace.users'],
    'google-workspace.roles': datasets['google-workspace.roles'],
    'google-workspace.roleAssignments': datasets['google-workspace.roleAssignments'],
  },
  collect: (ctx) =>
    ctx.scope({ kind: 'google-customer', id: D }, async (rec) => {
      await rec.dataset('google-workspace.users', () => Promise.resolve([gUser('ana'), gUser('bob')]));
      await rec.dataset('google-workspace.roles', () =>
        Promise.resolve([{ roleId: 'r1', roleName: '_SEED_ADMIN_ROLE', isSuperAdminRole: true }]),
      );
      await rec.dataset('google-workspace.roleAssignments', () =>
        Promise.resolve({
          items: [
            { roleAssignmentId: 'a1', roleId: 'r1', assignedTo: 'id-ana', assigneeType: 'user' },
            { roleAssignmentId: 'a2', roleId: 'r1', assignedTo: 'id-bob', assigneeType: 'user' },
          ],
          groupMembers: {},
        }),
      );
    }),
});

describe('the demo seeds an access review after its run', () => {
  it('starts the quarter from the run, keeps every item but one revoke of a planted account, once', async () => {
    const t = await tempStore();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'assay-demo-seed-'));
    try {
      const text = `version: 1
sources:
  google:
    domain: ${D}
    auth: { subject: admin@${D}, serviceAccountKey: { env: K } }
evidence: { path: ${t.dir} }
people:
  accessReview: { defaultReviewer: ciso@${D} }
`;
      const configFile = path.join(dir, 'assay.yaml');
      await writeFile(configFile, text);
      const run = (at: Date) =>
        runPipeline(parseConfig(text, configFile, { K: 'x' }), {
          collectors: new Map([[workspace.id, workspace]]),
          checks: new Map([
            [peopleAccessReviewCurrent.id, peopleAccessReviewCurrent],
            [peopleAccessReviewRevocations.id, peopleAccessReviewRevocations],
          ]),
          derivations: [peopleDerivation, accessReviewDerivation],
          store: t.store,
          log: pino({ level: 'silent' }),
          toolVersion: 'test',
          clock: () => at,
        });
      const now = new Date();
      await run(now);
      // The planted account, as the simulator's truth names it: `<scope>/<account>`.
      const truth = { 'people-orphan-accounts': [{ scopeId: 'organization', resourceId: `${D}/bob@${D}` }] };
      const seed = { configFile, dir, storeDir: t.dir, truth, domain: D, now, env: { K: 'x' } };
      const out = bufferOutput();
      await seedDemoAccessReview(seed, out);
      const period = quarterOf(now);
      const filesDir = path.join(dir, 'access-review');
      expect(out.text()).toBe(
        `Access review ${period}: 2 items for 1 reviewer (CSV and HTML each) and the decisions, in ${filesDir}; 1 revoke (bob@${D} in ${D}), which the next run verifies\n`,
      );
      expect((await readdir(filesDir)).sort()).toEqual([
        `${period}-ciso@${D}.csv`,
        `${period}-ciso@${D}.html`,
        `${period}-decisions.csv`,
      ]);
      const records = [
        await t.store.records.list('access-review-campaign'),
        await t.store.records.list('access-review-decisions'),
      ] as const;
      const state = reviewState(...records);
      expect(state.campaigns.map((c) => [c.id, c.decided, c.items, c.completedAt !== undefined])).toEqual([
        [period, 2, 2, true],
      ]);
      expect(state.revokes.map((r) => [r.account, r.decidedBy])).toEqual([[`bob@${D}`, `ciso@${D}`]]);

      await seedDemoAccessReview(seed, bufferOutput());
      expect(campaignsOf(await t.store.records.list('access-review-campaign'))).toHaveLength(1);

      // A day and more later, bob still holds the admin role the reviewer revoked.
      const later = await run(new Date(now.getTime() + 25 * HOUR));
      expect(later.findings.map((f) => [f.checkId, f.status, f.resource.id])).toEqual([
        ['people-access-review-current', 'pass', 'organization'],
        ['people-access-review-revocations', 'fail', `${D}/bob@${D}`],
      ]);
    } finally {
      await t.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
