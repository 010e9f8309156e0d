import { afterEach, describe, expect, it } from 'vitest';
import { awsIdentityCenterCollector } from '../../../collectors/aws/aws-identity-center-collector.js';
import type { IdentityCenterPermissionSet } from '../../../src/model/datasets/aws-identity-center.js';
import { requestCount, type Snapshot } from '../../../src/model/snapshot.js';
import { Random } from '../../../sim/random.js';
import { generateAws, type GenerateAwsOptions } from '../../../sim/aws/generate-aws.js';
import { startAwsSim, type AwsSim } from '../../../sim/aws/aws-sim.js';
import { IC_REGION } from '../../../sim/aws/identity-center-generate.js';
import type { AwsSimState } from '../../../sim/aws/aws-state.js';
import { runAwsCollector } from './aws-harness.js';
import { parseConfig } from '../../../src/config/load-config.js';

let sim: AwsSim | undefined;
afterEach(async () => {
  await sim?.server.close();
  sim = undefined;
});

async function start(opts: GenerateAwsOptions = {}) {
  const state = generateAws(new Random(7), { accounts: 3, ...opts });
  sim = await startAwsSim(state);
  return { sim, state };
}

const run = (s: AwsSim, identityCenter: string, extra = '') =>
  runAwsCollector(
    awsIdentityCenterCollector,
    `{ endpoint: '${s.endpoint}', maxAttempts: 1, credentials: { accessKeyId: { env: K }, secretAccessKey: { env: S } }, identityCenter: ${identityCenter}${extra} }`,
    { K: s.accessKeyId, S: s.secretAccessKey },
  );

const sets = (s: Snapshot) => s.data['aws-identity-center.permission-sets'] as IdentityCenterPermissionSet[];
const byName = (s: Snapshot, name: string) => sets(s).find((p) => p.name === name)!;

/** The request budget of the collector's doc comment, from the simulated organization's shape. */
function budget(state: AwsSimState): number {
  const ic = state.identityCenter!;
  const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
  const managed = new Set(ic.permissionSets.flatMap((p) => p.managedPolicyArns)).size;
  const P = ic.permissionSets.length;
  return (
    1 +
    pages(ic.users.length) +
    pages(ic.groups.length) +
    ic.groups.reduce((n, g) => n + pages(g.members.length), 0) +
    pages(P) +
    5 * P +
    2 * managed +
    Object.values(ic.provisioned).reduce((n, accounts) => n + accounts.length, 0)
  );
}

describe('aws-identity-center collector on the simulated organization', () => {
  it('reads the instance, directory, permission sets with their verdicts and every assignment, within its budget', async () => {
    const { sim, state } = await start({ identityCenterUsers: 250 });
    const ic = state.identityCenter!;
    const { snapshots } = await run(sim, `{ region: ${IC_REGION} }`);
    expect(snapshots).toHaveLength(1);
    const [snap] = snapshots as [Snapshot];
    expect(snap.scope).toEqual({ kind: 'global', id: 'aws-identity-center', name: 'AWS IAM Identity Center' });
    expect(snap.missing).toEqual({});
    expect(snap.data['aws-identity-center.instance']).toEqual({
      instanceArn: ic.instanceArn,
      identityStoreId: ic.identityStoreId,
      region: IC_REGION,
      ownerAccountId: state.managementAccountId,
      name: 'acme',
      status: 'ACTIVE',
      identitySource: 'scim',
    });
    const users = snap.data['aws-identity-center.users'] as Array<{
      userId: string;
      emails: string[];
      status?: string;
    }>;
    expect(users.map((u) => u.userId)).toEqual(ic.users.map((u) => u.userId));
    expect(users[0]!.emails).toEqual([ic.users[0]!.emails[0]!.value]);
    expect(users.filter((u) => u.status === 'DISABLED')).toHaveLength(1);
    const groups = snap.data['aws-identity-center.groups'] as Array<{ displayName: string; memberUserIds: string[] }>;
    expect(groups.map((g) => [g.displayName, g.memberUserIds])).toEqual(
      ic.groups.map((g) => [g.displayName, g.members]),
    );
    expect(byName(snap, 'AdministratorAccess')).toMatchObject({
      sessionDuration: 'PT1H',
      hasInlinePolicy: false,
      unjudged: [],
      admin: { verdict: 'yes', reasons: [expect.stringContaining('AdministratorAccess statement 1')] },
      aiFullAccess: { verdict: 'yes' },
    });
    expect(byName(snap, 'BedrockBuilder')).toMatchObject({
      hasInlinePolicy: true,
      admin: { verdict: 'no', reasons: [] },
      aiFullAccess: {
        verdict: 'yes',
        reasons: [expect.stringContaining('inline policy statement 1 (Sid AllBedrock)')],
      },
    });
    expect(byName(snap, 'PowerUserAccess').admin.verdict).toBe('no');
    expect(byName(snap, 'ReadOnlyAccess').admin.verdict).toBe('no');
    expect(byName(snap, 'SandboxBoundary')).toMatchObject({
      customerManagedPolicies: [{ name: 'sandbox-boundary', path: '/assay-sim/' }],
      unjudged: ['customer managed policy /assay-sim/sandbox-boundary (its document is in each account)'],
      admin: { verdict: 'conditional' },
    });
    const key = (a: { accountId: string; permissionSetArn: string; principalId: string }) =>
      `${a.accountId}|${a.permissionSetArn}|${a.principalId}`;
    expect((snap.data['aws-identity-center.assignments'] as Array<Parameters<typeof key>[0]>).map(key).sort()).toEqual(
      ic.assignments.map(key).sort(),
    );

    const expected = budget(state);
    expect(requestCount(snap)).toBe(expected);
    const served = Object.entries(sim.server.counts())
      .filter(([route]) => /^(sso|identitystore|iam):/.test(route))
      .reduce((n, [, c]) => n + c, 0);
    expect(served).toBe(expected);
    expect(sim.server.counts()['identitystore:ListUsers']).toBe(3);
  });

  it('makes the dataset whose call failed missing, naming it, and keeps the rest', async () => {
    const { sim } = await start();
    sim.fail('sso:ListAccountAssignments', { status: 400, code: 'AccessDeniedException' });
    const [snap] = (await run(sim, `{ region: ${IC_REGION} }`)).snapshots as [Snapshot];
    expect(snap.missing['aws-identity-center.assignments']).toMatchObject({
      kind: 'error',
      operation: 'sso:ListAccountAssignments',
      message: expect.stringContaining('AccessDeniedException'),
    });
    expect(Object.keys(snap.data).sort()).toEqual([
      'aws-identity-center.groups',
      'aws-identity-center.instance',
      'aws-identity-center.permission-sets',
      'aws-identity-center.users',
    ]);
  });

  it('reports a managed policy it could not read as conditional, never as no grant', async () => {
    const { sim } = await start();
    sim.fail('iam:GetPolicyVersion', { status: 403, code: 'AccessDenied' });
    const [snap] = (await run(sim, `{ region: ${IC_REGION} }`)).snapshots as [Snapshot];
    expect(byName(snap, 'AdministratorAccess')).toMatchObject({
      unjudged: [
        expect.stringMatching(/^AWS managed policy AdministratorAccess \(iam:GetPolicyVersion failed: .*AccessDenied/),
      ],
      admin: {
        verdict: 'conditional',
        reasons: [expect.stringMatching(/^not judged: AWS managed policy AdministratorAccess/)],
      },
    });
    expect(byName(snap, 'BedrockBuilder').aiFullAccess.verdict).toBe('yes');
  });

  it('makes every dataset missing, naming sso:ListInstances, when the region has no instance', async () => {
    const { sim } = await start();
    const [snap] = (await run(sim, '{ region: us-east-1 }')).snapshots as [Snapshot];
    expect(snap.data).toEqual({});
    for (const key of Object.keys(awsIdentityCenterCollector.schema))
      expect(snap.missing[key], key).toMatchObject({
        kind: 'error',
        operation: 'sso:ListInstances',
        message: expect.stringContaining('found no IAM Identity Center instance in us-east-1'),
      });
  });

  it('names a configured instance that is not listed', async () => {
    const { sim } = await start();
    const arn = 'arn:aws:sso:::instance/ssoins-0000000000000000';
    const [snap] = (await run(sim, `{ region: ${IC_REGION}, instanceArn: '${arn}' }`)).snapshots as [Snapshot];
    expect(snap.missing['aws-identity-center.users']?.message).toContain(`does not list ${arn}`);
  });

  it('is not applicable, with no request, when sources.aws.identityCenter is unset', async () => {
    const { sim } = await start();
    const { snapshots } = await runAwsCollector(
      awsIdentityCenterCollector,
      `{ endpoint: '${sim.endpoint}', credentials: { accessKeyId: { env: K }, secretAccessKey: { env: S } } }`,
      { K: sim.accessKeyId, S: sim.secretAccessKey },
    );
    const [snap] = snapshots as [Snapshot];
    expect(snap.missing['aws-identity-center.assignments']).toMatchObject({
      kind: 'not_applicable',
      operation: 'sources.aws.identityCenter',
    });
    expect(requestCount(snap)).toBe(0);
  });

  it('enters a delegated administrator account through the audit role, and says why it cannot without one', async () => {
    const { sim, state } = await start();
    const member = state.accounts[1]!.id;
    const [denied] = (
      await run(
        sim,
        `{ region: ${IC_REGION}, account: '${member}' }`,
        ', accounts: { mode: list, roleName: AssayAudit, accounts: [{ id: "' + member + '" }] }',
      )
    ).snapshots as [Snapshot];
    // The simulated instance has no delegated administrator: the member account is refused, and the run says so.
    expect(denied.missing['aws-identity-center.instance']).toMatchObject({
      operation: 'sso:ListInstances',
      message: expect.stringContaining('AccessDeniedException'),
    });
    const [noRole] = (await run(sim, `{ region: ${IC_REGION}, account: '${member}' }`)).snapshots as [Snapshot];
    expect(noRole.missing['aws-identity-center.instance']).toMatchObject({
      operation: 'sts:AssumeRole',
      message: expect.stringContaining('accounts.mode default names no role'),
    });
  });

  it('rejects a malformed identityCenter section, naming the key and what was expected', () => {
    const parse = (section: string) => () =>
      parseConfig(`version: 1\nsources:\n  aws:\n    identityCenter: ${section}\n`, 'assay.yaml', {});
    expect(parse('{ instanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef" }')).toThrow(
      'sources.aws.identityCenter.region: expected the region of the Identity Center instance, such as eu-west-1',
    );
    expect(parse('{ region: eu-west-1, instanceArn: ssoins-1 }')).toThrow(
      'sources.aws.identityCenter.instanceArn: expected an instance ARN such as arn:aws:sso:::instance/ssoins-0123456789abcdef',
    );
    expect(parse('{ region: eu-west-1, account: 12345 }')).toThrow('sources.aws.identityCenter.account');
  });
});
