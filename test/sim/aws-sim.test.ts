import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { Random } from '../../sim/random.js';
import { generateAws } from '../../sim/aws/generate-aws.js';
import { startAwsSim, type AwsSim } from '../../sim/aws/aws-sim.js';
import type { AwsSimState } from '../../sim/aws/aws-state.js';

let sim: AwsSim;
let state: AwsSimState;
const base = () => ({
  region: 'us-east-1',
  endpoint: sim.endpoint,
  maxAttempts: 1,
  credentials: { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey },
});

beforeAll(async () => {
  state = generateAws(new Random(7), { accounts: 3, denyAssumeRoleIn: [2] });
  sim = await startAwsSim(state);
});
afterAll(() => sim.server.close());

describe('simulated AWS', () => {
  it('answers STS, Organizations and IAM through the real SDK clients, per account', async () => {
    const sts = new STSClient(base());
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(state.managementAccountId);
    const orgs = await new OrganizationsClient(base()).send(new ListAccountsCommand({}));
    expect(orgs.Accounts?.map((a) => a.Id)).toEqual(state.accounts.map((a) => a.id));

    const member = state.accounts[1]!;
    const assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member.id}:role/AssayAudit`, RoleSessionName: 'assay' }),
    );
    const c = assumed.Credentials!;
    expect(c.AccessKeyId).not.toMatch(/^AKIA[A-Z0-9]{16}$/);
    const iam = new IAMClient({
      ...base(),
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
    });
    const summary = await iam.send(new GetAccountSummaryCommand({}));
    expect(summary.SummaryMap?.Users).toBe(member.iam.users.length);
    expect(summary.SummaryMap?.AccountMFAEnabled).toBe(1);

    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 5, Filter: ['User'] }));
    expect(details.IsTruncated).toBe(true);
    expect(details.UserDetailList).toHaveLength(5);
    const rest = await iam.send(
      new GetAccountAuthorizationDetailsCommand({
        MaxItems: 1000,
        Marker: details.Marker,
        Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'],
      }),
    );
    expect(rest.IsTruncated).toBe(false);
    expect(rest.RoleDetailList?.map((r) => r.RoleName)).toContain('ml-training');
    const admin = rest.Policies?.find((p) => p.PolicyName === 'AdministratorAccess');
    expect(
      JSON.parse(decodeURIComponent(admin!.PolicyVersionList!.find((v) => v.IsDefaultVersion)!.Document!)),
    ).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

    const mfa = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    expect(mfa.VirtualMFADevices?.[0]?.User?.Arn).toBe(`arn:aws:iam::${member.id}:root`);
    expect((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy?.MinimumPasswordLength).toBe(16);

    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'CredentialReportNotReadyException',
      $metadata: { httpStatusCode: 404 },
    });
    const report = await iam.send(new GetCredentialReportCommand({}));
    const csv = Buffer.from(report.Content!).toString('utf8').split('\n');
    expect(csv[0]!.split(',')).toHaveLength(22);
    expect(csv[1]!.startsWith('<root_account>,')).toBe(true);
  });

  it('refuses AssumeRole into an account whose role does not trust the collector, and NoSuchEntity is an AWS error', async () => {
    const sts = new STSClient(base());
    await expect(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${state.accounts[2]!.id}:role/AssayAudit`,
          RoleSessionName: 'assay',
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(new IAMClient(base()).send(new GetAccountPasswordPolicyCommand({}))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
  });

  it('injects AWS-shaped errors per action and counts requests per action', async () => {
    sim.server.resetCounts();
    sim.fail('iam:GetAccountSummary', { status: 403, times: 1 });
    const iam = new IAMClient(base());
    await expect(iam.send(new GetAccountSummaryCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(iam.send(new GetAccountSummaryCommand({}))).resolves.toBeDefined();
    expect(sim.server.counts()).toEqual({ 'iam:GetAccountSummary': 2 });
    await expect(
      new IAMClient({ ...base(), credentials: { accessKeyId: 'SIMnobody', secretAccessKey: 'x' } }).send(
        new GetAccountSummaryCommand({}),
      ),
    ).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });
});

describe('simulated organization', () => {
  it('includes AWS with its ground truth for every aws-iam check', async () => {
    const { startSimulatedOrganization } = await import('../../sim/organization.js');
    const org = await startSimulatedOrganization({ seed: 5 });
    try {
      expect(org.aws.accounts).toHaveLength(3);
      expect(org.aws.accessKeyId).not.toMatch(/^AKIA[A-Z0-9]{16}$/);
      const awsChecks = Object.keys(org.truth).filter((k) => k.startsWith('aws-iam-'));
      expect(awsChecks).toHaveLength(12);
      for (const id of awsChecks) expect(org.truth[id]!.length, id).toBeGreaterThan(0);
    } finally {
      await org.stop();
    }
  });
});
