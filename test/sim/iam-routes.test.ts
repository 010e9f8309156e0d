import { afterEach, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListOrganizationsFeaturesCommand,
} from '@aws-sdk/client-iam';
import { Random } from '../../sim/random.js';
import { generateAws } from '../../sim/aws/generate-aws.js';
import { centralizeRootAccess, hireAfterReport } from '../../sim/aws/generate-iam.js';
import { startAwsSim, type AwsSim } from '../../sim/aws/aws-sim.js';

let sim: AwsSim | undefined;
afterEach(async () => {
  await sim?.server.close();
  sim = undefined;
});
const client = (s: AwsSim, credentials = { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey }) =>
  new IAMClient({ region: 'us-east-1', endpoint: s.endpoint, maxAttempts: 1, credentials });

/** The simulator's IAM answers, read through the real SDK client (which parses them by IAM's service model). */
describe('simulated IAM', () => {
  it('answers ListOrganizationsFeatures to the management account only, as IAM does', async () => {
    const state = generateAws(new Random(3), { accounts: 2 });
    sim = await startAwsSim(state);
    await expect(client(sim).send(new ListOrganizationsFeaturesCommand({}))).rejects.toMatchObject({
      name: 'ServiceAccessNotEnabledException',
      $metadata: { httpStatusCode: 400 },
    });
    const member = centralizeRootAccess(state, 1);
    expect(await client(sim).send(new ListOrganizationsFeaturesCommand({}))).toMatchObject({
      OrganizationId: state.organizationId,
      EnabledFeatures: ['RootCredentialsManagement', 'RootSessions'],
    });
    const assumed = await new STSClient({
      region: 'us-east-1',
      endpoint: sim.endpoint,
      credentials: { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey },
    }).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member.id}:role/AssayAudit`, RoleSessionName: 'assay' }));
    const c = assumed.Credentials!;
    const asMember = client(sim, {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    } as never);
    await expect(asMember.send(new ListOrganizationsFeaturesCommand({}))).rejects.toMatchObject({
      name: 'AccountNotManagementOrDelegatedAdministratorException',
      $metadata: { httpStatusCode: 400 },
    });
    // The member's root has no credentials left: the live summary says so.
    const summary = (await asMember.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    expect([summary.AccountMFAEnabled, summary.AccountAccessKeysPresent, summary.AccountPasswordPresent]).toEqual([
      0, 0, 0,
    ]);
  });

  it('leaves a user created after the stored report out of it', async () => {
    const state = generateAws(new Random(3), { accounts: 1 });
    const hire = hireAfterReport(state.accounts[0]!, state.now);
    sim = await startAwsSim(state);
    const report = await client(sim).send(new GetCredentialReportCommand({}));
    const users = Buffer.from(report.Content!)
      .toString('utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(users[0]).toBe('<root_account>');
    expect(users).toContain('late.mfa');
    expect(users).not.toContain(hire.name);
  });
});
