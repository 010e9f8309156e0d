import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import peopleAccessReviewCurrent from '../../checks/people/people-access-review-current.js';
import peopleAccessReviewRevocations from '../../checks/people/people-access-review-revocations.js';
import { accessReviewDerivation } from '../../collectors/people/access-review-derivation.js';
import { peopleDerivation } from '../../collectors/people/people-derivation.js';
import { main } from '../../src/cli/main.js';
import { bufferOutput } from '../../src/cli/output.js';
import { parseConfig } from '../../src/config/load-config.js';
import { runPipeline } from '../../src/engine/run-pipeline.js';
import { ConfigError, UsageError } from '../../src/errors.js';
import { sha256Hex } from '../../src/evidence/manifest-codec.js';
import { defineCollector } from '../../src/model/collector.js';
import { ACCESS_REVIEW_CAMPAIGN, ACCESS_REVIEW_DECISIONS } from '../../src/model/datasets/access-review.js';
import { datasets } from '../../src/model/datasets/index.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';
import { D, gUser } from '../people/people-fixtures.js';

const CONFIG = `version: 1
sources:
  google:
    domain: ${D}
    auth: { subject: admin@${D}, serviceAccountKey: { env: K } }
people:
  accessReview:
    periodDays: 90
    reviewers: { google-workspace: it-lead@${D} }
`;
const HOUR = 3_600_000;

const google = (users: ReturnType<typeof gUser>[]) =>
  defineCollector({
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
        await rec.dataset('google-workspace.users', (call) =>
          call('directory.users.list', () => Promise.resolve(users)),
        );
        await rec.dataset('google-workspace.roles', () =>
          Promise.resolve([
            { roleId: 'r1', roleName: '_SEED_ADMIN_ROLE', isSuperAdminRole: true },
            { roleId: 'r2', roleName: 'Groups Admin', isSuperAdminRole: false },
          ]),
        );
        await rec.dataset('google-workspace.roleAssignments', () =>
          Promise.resolve({
            items: [
              { roleAssignmentId: 'a1', roleId: 'r1', assignedTo: 'id-ana', assigneeType: 'user' },
              { roleAssignmentId: 'a2', roleId: 'r2', assignedTo: 'id-bob', assigneeType: 'user' },
            ],
            groupMembers: {},
          }),
        );
      }),
  });

describe('assay access-review, end to end on a temporary store', () => {
  let t: TempStore;
  let dir: string;
  beforeEach(async () => {
    t = await tempStore();
    dir = await mkdtemp(path.join(tmpdir(), 'assay-access-review-'));
  });
  afterEach(async () => {
    await t.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  const pipeline = (users: ReturnType<typeof gUser>[], at: Date, config = CONFIG) => {
    const collector = google(users);
    return runPipeline(parseConfig(config, 'assay.yaml', { K: 'x' }), {
      collectors: new Map([[collector.id, collector]]),
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
  };
  const cli = async (...argv: string[]) => {
    const out = bufferOutput();
    const where = argv.includes('--config') ? [] : ['--store', t.dir];
    const code = await main(['access-review', ...argv, ...where], { K: 'x' }, out);
    return { code, text: out.text() };
  };
  const findings = (r: Awaited<ReturnType<typeof pipeline>>) => r.findings.map((f) => [f.checkId, f.status, f.message]);

  it('starts a campaign, records decisions, and the checks verify completion and revocation', async () => {
    const admins = [gUser('ana'), gUser('bob'), gUser('cy')];
    const first = await pipeline(admins, new Date(Date.now() - 72 * HOUR));
    expect(findings(first)).toEqual([
      [
        'people-access-review-current',
        'fail',
        'No access review campaign is in the evidence store: start one with assay access-review start --period PERIOD.',
      ],
      [
        'people-access-review-revocations',
        'pass',
        'No access review campaign is stored, so no revoke decision to verify.',
      ],
    ]);

    const out = path.join(dir, 'out');
    const config = path.join(dir, 'assay.yaml');
    await writeFile(config, `${CONFIG}evidence: { path: ${t.dir} }\n`);
    const started = await cli('start', '--period', '2026Q4', '--out', out, '--config', config);
    expect(started.code).toBe(0);
    expect(started.text).toContain(`✔ Campaign 2026Q4 stored as record #1 (from run #1 ${first.runId})`);
    expect(started.text).toContain('1 reviewer, 2 items: 2 new, 0 removed, 0 changed');
    const name = `2026Q4-it-lead@${D}`;
    expect((await readdir(out)).sort()).toEqual([`${name}.csv`, `${name}.html`]);
    const [campaign] = await t.store.records.list(ACCESS_REVIEW_CAMPAIGN);
    const csvBytes = await readFile(path.join(out, `${name}.csv`));
    expect(campaign!.files.find((f) => f.name === `${name}.csv`)!.sha256).toBe(sha256Hex(csvBytes));

    const rows: Record<string, string>[] = parse(csvBytes, { columns: true });
    expect(rows.map((r) => [r.item, r.admin, r.mark])).toEqual([
      [`google-workspace:${D}:ana@${D}`, 'Workspace super admin; role _SEED_ADMIN_ROLE', 'NEW'],
      [`google-workspace:${D}:bob@${D}`, 'Workspace delegated admin; role Groups Admin', 'NEW'],
    ]);
    const decidedAt = new Date(Date.now() - 48 * HOUR).toISOString();
    const filled = [
      'campaign,item,decision,decided_by,decided_at',
      `2026Q4,${rows[0]!.item},keep,it-lead@${D},${decidedAt}`,
      `2026Q4,${rows[1]!.item},revoke,it-lead@${D},${decidedAt}`,
    ].join('\n');
    await writeFile(path.join(dir, 'decisions.csv'), filled);
    const recorded = await cli('record', '--file', path.join(dir, 'decisions.csv'), '--by', `it-lead@${D}`);
    expect(recorded.code).toBe(0);
    expect(recorded.text).toContain('✔ Stored 2 decisions (1 keep, 1 revoke, 0 change) as record #2');
    expect(recorded.text).toContain('campaign 2026Q4: 2/2 decided, completed');
    const [decisions] = await t.store.records.list(ACCESS_REVIEW_DECISIONS);
    expect(decisions!.files[0]!.sha256).toBe(sha256Hex(new TextEncoder().encode(filled)));

    const second = await pipeline(admins, new Date());
    const [current, revocation] = findings(second);
    expect(current!.slice(0, 2)).toEqual(['people-access-review-current', 'pass']);
    expect(current![2]).toMatch(
      /^Access review campaign 2026Q4 \(record #1\) was completed on \d{4}-\d\d-\d\d: all 2 items decided/,
    );
    expect(revocation!.slice(0, 2)).toEqual(['people-access-review-revocations', 'fail']);
    expect(revocation![2]).toContain(`Google Workspace bob@${D} in ${D} (bob@${D}): revoke decided by it-lead@${D}`);
    expect(revocation![2]).toMatch(
      /still live 48 h later, beyond the 24 h SLA: Workspace delegated admin, role Groups Admin\./,
    );

    const third = await pipeline([admins[0]!, gUser('bob', { suspended: true }), admins[2]!], new Date());
    expect(findings(third)[1]!.slice(0, 2)).toEqual(['people-access-review-revocations', 'pass']);

    const next = await cli('start', '--period', '2027Q1', '--config', config);
    expect(next.text).toContain('1 reviewer, 2 items: 0 new, 0 removed, 1 changed');
  });

  it('is not applicable without people.accessReview and without a stored campaign', async () => {
    const r = await pipeline([gUser('ana')], new Date(), CONFIG.slice(0, CONFIG.indexOf('people:')));
    expect(r.findings.map((f) => [f.checkId, f.status])).toEqual([
      ['people-access-review-current', 'not_applicable'],
      ['people-access-review-revocations', 'not_applicable'],
    ]);
    expect(r.findings[0]!.message).toContain(
      'no people.accessReview in the config and no campaign in the evidence store',
    );
  });

  it('refuses bad input with a usage or config error and stores nothing', async () => {
    await expect(cli('start')).rejects.toThrow(UsageError);
    await expect(cli('start', '--period', '2026Q4')).rejects.toThrow(
      /no run in the evidence store holds the people graph/,
    );
    await expect(cli('record', '--file', 'x.csv')).rejects.toThrow(/--by EMAIL is required/);
    await writeFile(
      path.join(dir, 'd.csv'),
      'campaign,item,decision,decided_by,decided_at\nQ1,x,keep,a@b.co,2026-01-01\n',
    );
    const error = await cli('record', '--file', path.join(dir, 'd.csv'), '--by', `it-lead@${D}`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `${path.join(dir, 'd.csv')}: line 2: column 'campaign': no campaign 'Q1' in the evidence store (known: none)`,
    );
    expect(await t.store.records.list()).toEqual([]);
  });
});
