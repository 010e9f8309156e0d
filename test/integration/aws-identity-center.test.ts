import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { parseConfig } from '../../src/config/load-config.js';
import { runCollectors } from '../../src/engine/run-collectors.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { prepareChecks } from '../../src/engine/prepare-checks.js';
import { makeRegistry } from '../../src/model/registry.js';
import type { Finding } from '../../src/model/finding.js';
import { allChecks } from '../../checks/index.js';
import { awsIdentityCenterCollector } from '../../collectors/aws/aws-identity-center-collector.js';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { identityCenterPeopleFacts } from '../../sim/aws/identity-center-truth.js';

const checks = makeRegistry(
  'check',
  allChecks.filter((c) => c.id.startsWith('aws-identity-center-')),
);
let org: SimulatedOrganization | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

async function run(o: SimulatedOrganization) {
  const yaml = `
version: 1
sources:
  aws:
    accounts: { mode: organization, roleName: ${o.aws.roleName} }
    endpoint: ${o.aws.endpoint}
    credentials: { accessKeyId: { env: K }, secretAccessKey: { env: S } }
    maxAttempts: 3
    identityCenter: { region: ${o.aws.state.identityCenter!.region} }
`;
  const config = parseConfig(yaml, 'assay.yaml', { K: o.aws.accessKeyId, S: o.aws.secretAccessKey });
  const now = new Date(o.aws.state.now);
  const { snapshots } = await runCollectors({
    jobs: [{ collector: awsIdentityCenterCollector, config: config.sources.aws }],
    concurrency: 1,
    timeoutMs: 60_000,
    log: pino({ level: 'silent' }),
    now: () => now,
    resolveSecret: config.resolveSecret,
    onSnapshot: async () => {},
  });
  return { snapshots, findings: runChecks(prepareChecks(config, checks), snapshots, now) };
}

const failKeys = (fs: readonly Finding[]) =>
  fs
    .filter((f) => f.status === 'fail')
    .map((f) => `${f.checkId}|${f.scope.id}|${f.resource.id}`)
    .sort();

describe('aws-identity-center on the simulated organization', () => {
  it('flags exactly the planted violations, with no error, and links users to the Workspace people', async () => {
    org = await startSimulatedOrganization({ seed: 3, githubOrgs: 1, membersPerOrg: 8, reposPerOrg: 12 });
    const { findings, snapshots } = await run(org);
    expect(findings.filter((f) => f.status === 'error')).toEqual([]);
    const truth = Object.entries(org.truth)
      .filter(([id]) => id.startsWith('aws-identity-center-'))
      .flatMap(([id, list]) => list.map((v) => `${id}|${v.scopeId}|${v.resourceId}`))
      .sort();
    expect(truth.length).toBeGreaterThanOrEqual(3);
    for (const id of checks.keys()) expect(org.truth[id]!.length, `${id} has planted violations`).toBeGreaterThan(0);
    expect(failKeys(findings)).toEqual(truth);

    // SCIM-provisioned users carry the Workspace person's email and Google id: the identity graph can join on either.
    const users = snapshots[0]!.data['aws-identity-center.users'] as Array<{
      emails: string[];
      externalIds: Array<{ id: string }>;
    }>;
    const google = new Map(org.google.state.users.map((u) => [u.primaryEmail, u.id]));
    const linked = users.filter((u) => google.get(u.emails[0]!) === u.externalIds[0]?.id);
    expect(linked.length).toBeGreaterThan(users.length / 2);
    const facts = identityCenterPeopleFacts(org.aws.state)!;
    expect(facts.admins.some((g) => g.via === 'direct')).toBe(true);
    const suspended = org.google.state.users.filter((u) => u.suspended).map((u) => u.primaryEmail);
    expect(facts.enabledButSuspendedInIdp(suspended)).toHaveLength(1);
  });
});
