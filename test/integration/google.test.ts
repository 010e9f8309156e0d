import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { pino } from 'pino';
import { parseConfig } from '../../src/config/load-config.js';
import { runCollectors } from '../../src/engine/run-collectors.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { prepareChecks } from '../../src/engine/prepare-checks.js';
import { collectorRegistry } from '../../collectors/index.js';
import { checkRegistry } from '../../checks/index.js';
import type { Finding } from '../../src/model/finding.js';
import { generateGoogle } from '../../sim/google/generate-google.js';
import { googleTruth } from '../../sim/google/google-truth.js';
import { authorizeApp, revokeApp } from '../../sim/google/google-grants.js';
import { GOOGLE_ROUTES } from '../../sim/google/google-routes.js';
import { startGoogleSim, type GoogleSim } from '../../sim/google/google-sim.js';
import type { GoogleState } from '../../sim/google/google-state.js';
import { Random } from '../../sim/random.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { runWithConfig, tempStore } from '../support/sim-run.js';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const CHECKS = [...checkRegistry().keys()].filter((id) => id.startsWith('google-'));
const DAY = 86_400_000;

const yaml = (state: GoogleState, sim: GoogleSim, extra = '') => {
  const d = state.designations;
  return `version: 1
run: { collectorTimeoutSeconds: 120 }
sources:
  google:
    domain: ${sim.domain}
    rootUrl: ${sim.rootUrl}
    tokenUrl: ${sim.tokenUrl}
    auth:
      subject: ${sim.subject}
      serviceAccountKey: { env: GOOGLE_SERVICE_ACCOUNT_KEY }
    breakGlassAccounts: [${d.breakGlassAccounts.join(', ')}]
    lookbackDays: ${d.lookbackDays}
    tokenInventory: { enabled: ${d.tokenInventory} }
    retries: 1
    requestTimeoutSeconds: 10
people:
  executives:
    groups: [${d.executives.groups.join(', ')}]
    emails: [${d.executives.emails.join(', ')}]
    orgUnits: [${d.executives.orgUnits.join(', ')}]
checks:
  google-third-party-app-access:
    allowedClientIds: [${d.approvedClientIds.join(', ')}]
    allowedAppNames: [${d.approvedAppNames.join(', ')}]
  google-super-admin-count: { minimum: ${d.superAdminMinimum}, maximum: ${d.superAdminMaximum} }
  google-inactive-accounts: { maxInactiveDays: ${d.maxInactiveDays} }
${extra}`;
};

/** Config from YAML text, then the real registered collector and checks, as `assay run` wires them. */
async function run(state: GoogleState, sim: GoogleSim): Promise<Finding[]> {
  const config = parseConfig(yaml(state, sim), 'assay.yaml', { GOOGLE_SERVICE_ACCOUNT_KEY: sim.serviceAccountKeyJson });
  const collector = collectorRegistry().get('google-workspace')!;
  const { snapshots } = await runCollectors({
    jobs: [{ collector, config: config.sources.google }],
    concurrency: 1,
    timeoutMs: config.run.collectorTimeoutSeconds * 1000,
    log: pino({ level: 'silent' }),
    now: () => NOW,
    resolveSecret: config.resolveSecret,
    onSnapshot: async () => {},
  });
  return runChecks(prepareChecks(config, checkRegistry()), snapshots, NOW).filter((f) => CHECKS.includes(f.checkId));
}

const failing = (fs: readonly Finding[]) =>
  fs
    .filter((f) => f.status === 'fail')
    .map((f) => `${f.checkId}|${f.scope.id}|${f.resource.id}`)
    .sort();
const planted = (state: GoogleState) =>
  Object.entries(googleTruth(state))
    .flatMap(([id, list]) => list.map((t) => `${id}|${t.scopeId}|${t.resourceId}`))
    .sort();

/**
 * The request budget: 1 token + ceil(users/500) + role and assignment pages + one members.list page per admin-role
 * group and per executive group (≤ 200 members each) + per admin event name ceil(events/1000) (at least 1) + for app
 * grants either one tokens.list per user (the token inventory's bootstrap) or per token event name ceil(events/1000).
 */
function budget(state: GoogleState): number {
  const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
  const since = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
  const events = (app: string, name: string, days: number) =>
    state.activities.filter((a) => a.applicationName === app && a.event.name === name && a.time >= since(days)).length;
  const roleGroups = new Set(state.roleAssignments.filter((a) => a.assigneeType === 'group').map((a) => a.assignedTo))
    .size;
  return (
    1 +
    pages(state.users.length, 500) +
    pages(state.roles.length, 100) +
    pages(state.roleAssignments.length, 200) +
    roleGroups +
    state.designations.executives.groups.length +
    ['SUSPEND_USER', 'DELETE_USER', 'ARCHIVE_USER'].reduce((n, e) => n + pages(events('admin', e, 180), 1000), 0) +
    (state.designations.tokenInventory
      ? state.users.length
      : pages(events('token', 'authorize', state.designations.lookbackDays), 1000) +
        pages(events('token', 'revoke', state.designations.lookbackDays), 1000))
  );
}

describe('Google Workspace on the simulated Admin SDK, end to end', () => {
  let state: GoogleState;
  let sim: GoogleSim;
  beforeAll(async () => {
    state = generateGoogle(new Random(7).fork('google'), { users: 80, now: NOW });
    sim = await startGoogleSim(state);
  });
  afterAll(async () => sim.server.close());
  afterEach(() => {
    sim.server.faults.clear();
    sim.server.resetCounts();
  });

  it('flags exactly the planted violations, with no errors, within the request budget', async () => {
    const findings = await run(state, sim);
    expect(planted(state).length).toBeGreaterThanOrEqual(CHECKS.length);
    expect(failing(findings)).toEqual(planted(state));
    expect(findings.filter((f) => f.status === 'error' || f.status === 'not_applicable')).toEqual([]);
    expect(new Set(findings.map((f) => f.checkId))).toEqual(new Set(CHECKS));
    expect(sim.server.total()).toBe(budget(state));
    expect(sim.server.counts()[GOOGLE_ROUTES.token]).toBe(1);
  });

  it('runs through the whole pipeline into a verifiable evidence store, every request recorded', async () => {
    const t = await tempStore();
    try {
      const result = await runWithConfig(
        yaml(state, sim),
        { GOOGLE_SERVICE_ACCOUNT_KEY: sim.serviceAccountKeyJson },
        t.store,
        { clock: () => NOW },
      );
      expect(failing(result.findings.filter((f) => CHECKS.includes(f.checkId)))).toEqual(planted(state));
      expect(result.manifest.collectors.find((c) => c.collector === 'google-workspace')).toMatchObject({
        scopes: 1,
        requests: sim.server.total(),
        failedOperations: [],
      });
      expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, runs: 1, problems: [] });
      const stored = JSON.stringify(await result.loadSnapshots());
      expect(stored).not.toContain('PRIVATE KEY');
      expect(stored).not.toContain('simtok.');
    } finally {
      await t.cleanup();
    }
  });

  it.each([
    [500, { error: { code: 500, message: 'Backend Error', errors: [{ reason: 'backendError' }] } }],
    [
      403,
      {
        error: { code: 403, message: 'Not Authorized to access this resource/api', errors: [{ reason: 'forbidden' }] },
      },
    ],
  ])('reports error, never pass, for every check needing users.list when it answers %i', async (status, body) => {
    sim.server.faults.inject(GOOGLE_ROUTES.users, { kind: 'status', status, body });
    const findings = await run(state, sim);
    const needUsers = CHECKS.filter((id) => checkRegistry().get(id)!.requires.includes('google-workspace.users'));
    expect(needUsers.length).toBe(6);
    for (const id of needUsers) {
      const fs = findings.filter((f) => f.checkId === id);
      expect(fs.map((f) => f.status)).toEqual(['error']);
      expect(fs[0]!.message).toMatch(
        new RegExp(`^Could not evaluate: directory\\.users\\.list failed \\(HTTP ${status} `),
      );
    }
    // The token inventory lists the tokens of the users listed: without the list, its check names that call.
    expect(findings.filter((f) => f.checkId === 'google-third-party-app-access')).toMatchObject([
      {
        status: 'error',
        message:
          'Could not evaluate: directory.users.list failed (the token inventory needs the user list, which was not read).',
      },
    ]);
  });

  it('reports error for the app-grant check when the Reports API refuses, and the directory checks still evaluate', async () => {
    state.designations.tokenInventory = false;
    onTestFinished(() => void (state.designations.tokenInventory = true));
    sim.server.faults.inject(GOOGLE_ROUTES.activities, {
      kind: 'status',
      status: 403,
      body: {
        error: {
          code: 403,
          message: 'Access denied. You are not authorized to read activity records.',
          errors: [{ reason: 'forbidden' }],
        },
      },
    });
    const findings = await run(state, sim);
    expect(findings.filter((f) => f.checkId === 'google-third-party-app-access')).toMatchObject([
      {
        status: 'error',
        message:
          'Could not evaluate: reports.activities.list(token/authorize) failed (HTTP 403 forbidden: Access denied. You are not authorized to read activity records).',
      },
    ]);
    expect(failing(findings.filter((f) => f.checkId === 'google-2sv-enrolled'))).toEqual(
      planted(state).filter((k) => k.startsWith('google-2sv-enrolled|')),
    );
  });

  it('makes ceil(20000/500) = 40 users.list requests for 20,000 users plus a handful, as the formula says', async () => {
    const big = generateGoogle(new Random(8).fork('google'), { users: 20_000, now: NOW });
    // Token events, not the inventory: its bootstrap alone would be 20,000 tokens.list requests (see the next tests).
    big.designations.tokenInventory = false;
    const bigSim = await startGoogleSim(big);
    try {
      const findings = await run(big, bigSim);
      const counts = bigSim.server.counts();
      expect(counts[GOOGLE_ROUTES.users]).toBe(40);
      expect(bigSim.server.total()).toBe(budget(big));
      expect(bigSim.server.total() - 40).toBeLessThanOrEqual(20 + Math.ceil(big.activities.length / 1000));
      expect(failing(findings)).toEqual(planted(big));
    } finally {
      await bigSim.server.close();
    }
  }, 120_000);

  it('without the token inventory, flags the grants of the events window only, and says so in its pass', async () => {
    state.designations.tokenInventory = false;
    onTestFinished(() => void (state.designations.tokenInventory = true));
    const findings = await run(state, sim);
    expect(failing(findings)).toEqual(planted(state));
    expect(sim.server.counts()[GOOGLE_ROUTES.tokens]).toBeUndefined();
    expect(sim.server.total()).toBe(budget(state));
  });

  it('carries the token inventory from run to run: bootstrap once, then only token events since the cursor', async () => {
    const t = await tempStore();
    const env = { GOOGLE_SERVICE_ACCOUNT_KEY: sim.serviceAccountKeyJson };
    const saved = { activities: [...state.activities], tokens: state.tokens.map((x) => ({ ...x })) };
    try {
      const clock = { now: NOW };
      const first = await runWithConfig(yaml(state, sim), env, t.store, { clock: () => clock.now });
      expect(sim.server.counts()[GOOGLE_ROUTES.tokens]).toBe(state.users.length);
      const cursor = first.manifest.collectors.find((c) => c.collector === 'google-workspace')!.cursors;
      expect(cursor).toEqual({
        [`google-customer:${state.domain}`]: { 'google-workspace.oauthTokenInventory': NOW.toISOString() },
      });

      // A day later: one user grants an AI app Drive access, another revokes the mail-reading utility.
      const later = new Date(NOW.getTime() + DAY);
      const pdf = state.tokens.find((x) => x.displayText === 'PDF Toolkit Pro')!;
      const grantee = state.users.find((u) => u.id === pdf.userId)!;
      for (const holder of state.tokens.filter((x) => x.clientId === pdf.clientId))
        revokeApp(
          state,
          state.users.find((u) => u.id === holder.userId)!,
          pdf.clientId,
          new Date(later.getTime() - 3_600_000).toISOString(),
        );
      const gemini = {
        clientId: '424242-gemini.apps.googleusercontent.com',
        appName: 'Gemini Drive Helper',
        scopes: ['https://www.googleapis.com/auth/drive'],
      };
      authorizeApp(state, grantee, gemini, new Date(later.getTime() - 7_200_000).toISOString());
      sim.server.resetCounts();
      clock.now = later;
      const second = await runWithConfig(yaml(state, sim), env, t.store, { clock: () => clock.now });

      expect(sim.server.counts()[GOOGLE_ROUTES.tokens]).toBeUndefined();
      expect(sim.server.counts()[GOOGLE_ROUTES.activities]).toBe(3 + 2);
      const apps = second.findings.filter((f) => f.checkId === 'google-third-party-app-access');
      expect(apps.map((f) => f.resource.id)).toContain(gemini.clientId);
      expect(apps.map((f) => f.resource.id)).not.toContain(pdf.clientId);
      expect(apps.find((f) => f.resource.id === gemini.clientId)).toMatchObject({
        status: 'fail',
        severity: 'high',
        message: '"Gemini Drive Helper" (AI app) holds Drive access for 1 user and is not on the approved list.',
        controls: ['iso27001:5.19', 'iso27001:5.23', 'iso42001:A.9.2', 'iso42001:A.9.4'],
      });
      // The second run's inventory equals what a fresh bootstrap would list now.
      const inventory = (await second.loadSnapshots())[0]!.data['google-workspace.oauthTokenInventory'] as {
        bootstrappedAt: string;
        currentTo: string;
        grants: Array<{ user: string; clientId: string }>;
      };
      expect(inventory).toMatchObject({ bootstrappedAt: NOW.toISOString(), currentTo: later.toISOString() });
      const emailOf = new Map(state.users.map((u) => [u.id, u.primaryEmail]));
      expect(inventory.grants.map((g) => `${g.clientId} ${g.user}`).sort()).toEqual(
        state.tokens.map((x) => `${x.clientId} ${emailOf.get(x.userId)}`).sort(),
      );
      expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, runs: 2, problems: [] });
    } finally {
      state.activities = saved.activities;
      state.tokens = saved.tokens;
      await t.cleanup();
    }
  });

  it('reports error naming tokens.list when the inventory cannot list tokens, and moves no cursor', async () => {
    sim.server.faults.inject(GOOGLE_ROUTES.tokens, {
      kind: 'status',
      status: 403,
      body: {
        error: {
          code: 403,
          message: 'Request had insufficient authentication scopes.',
          errors: [{ reason: 'insufficientPermissions' }],
        },
      },
    });
    const t = await tempStore();
    try {
      const result = await runWithConfig(
        yaml(state, sim),
        { GOOGLE_SERVICE_ACCOUNT_KEY: sim.serviceAccountKeyJson },
        t.store,
        {
          clock: () => NOW,
        },
      );
      expect(result.findings.filter((f) => f.checkId === 'google-third-party-app-access')).toMatchObject([
        {
          status: 'error',
          message:
            'Could not evaluate: directory.tokens.list failed (HTTP 403 insufficientPermissions: Request had insufficient authentication scopes).',
        },
      ]);
      expect(result.manifest.collectors.find((c) => c.collector === 'google-workspace')!.cursors).toEqual({
        [`google-customer:${state.domain}`]: {},
      });
    } finally {
      await t.cleanup();
    }
  });
});
