import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { runWithConfig, tempStore, type TempStore } from '../support/sim-run.js';

describe('alerts in a scheduled run', () => {
  let sim: SimulatedOrganization;
  let t: TempStore;
  let yaml: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    sim = await startSimulatedOrganization({
      seed: 8,
      githubOrgs: 1,
      membersPerOrg: 10,
      reposPerOrg: 12,
      awsAccounts: 1,
      awsUsersPerAccount: 3,
      googleUsers: 40,
    });
    t = await tempStore();
    yaml = `version: 1
sources:
  github:
    baseUrl: ${sim.github.baseUrl}
    auth: { token: { env: GH } }
    orgs: [${sim.github.orgs[0]!.login}]
    retries: 1
alerts:
  retries: 1
  routes:
    - { name: all, channel: slack, url: { env: SLACK }, match: { changes: [new, regressed, resolved] } }
    - { name: down, channel: teams, url: { env: TEAMS } }
`;
    env = { GH: sim.github.token, SLACK: sim.receivers.slack.webhookUrl, TEAMS: sim.receivers.teams.webhookUrl };
  }, 60_000);
  afterAll(async () => {
    await sim.stop();
    await t.cleanup();
  });

  it('records each delivery in the manifest; a receiver that fails does not fail the run', async () => {
    sim.receivers.server.faults.inject('teams workflow', { kind: 'status', status: 500 });
    const first = await runWithConfig(yaml, env, t.store);
    const failing = first.findings.filter((f) => f.status === 'fail').length;
    expect(first.manifest.deliveries).toEqual([
      {
        kind: 'alert',
        route: 'all',
        channel: 'slack',
        status: 'delivered',
        attempts: 1,
        httpStatus: 200,
        findings: failing,
        idempotencyKey: `${first.runId}:all`,
      },
      {
        kind: 'alert',
        route: 'down',
        channel: 'teams',
        status: 'failed',
        attempts: 2,
        httpStatus: 500,
        findings: failing,
        idempotencyKey: `${first.runId}:down`,
        error: 'HTTP 500: {"message":"Simulated 500"}',
      },
    ]);
    expect(sim.receivers.state.of('slack')).toHaveLength(1);
    expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, runs: 1 });
    // The report shows each outcome by route name, never the webhook URL (it is the credential).
    const report = Buffer.from(await t.store.readArtifact(first.runId, 'report.html')).toString('utf8');
    expect(report).toContain('<section id="section-deliveries"><h2>Deliveries</h2>');
    expect(report).toContain('<td>down</td><td>teams</td>');
    expect(report).toContain('<td>failed</td><td>2</td><td>500</td>');
    expect(report).not.toContain(sim.receivers.teams.webhookUrl);
    expect(report).not.toContain(sim.receivers.slack.webhookUrl);
  }, 60_000);

  it('sends nothing on the next run when nothing changed: standing failures do not alert again', async () => {
    sim.receivers.server.faults.clear();
    const second = await runWithConfig(yaml, env, t.store);
    expect(second.changes.new).toEqual([]);
    expect(second.manifest.deliveries).toBeUndefined();
    expect(sim.receivers.state.of('slack')).toHaveLength(1);
  }, 60_000);
});
