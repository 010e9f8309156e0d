import { afterEach, describe, expect, it } from 'vitest';
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import {
  IdentitystoreClient,
  ListGroupMembershipsCommand,
  ListGroupsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-identitystore';
import { GetPolicyCommand, GetPolicyVersionCommand, IAMClient } from '@aws-sdk/client-iam';
import { Random } from '../../sim/random.js';
import { generateAws } from '../../sim/aws/generate-aws.js';
import { startAwsSim, type AwsSim } from '../../sim/aws/aws-sim.js';
import { IC_REGION } from '../../sim/aws/identity-center-generate.js';

let sim: AwsSim | undefined;
afterEach(async () => {
  await sim?.server.close();
  sim = undefined;
});

const opts = (s: AwsSim, region = IC_REGION) => ({
  region,
  endpoint: s.endpoint,
  maxAttempts: 1,
  credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
});

/** The simulator's Identity Center answers, parsed by the real SDK clients (their service models). */
describe('simulated IAM Identity Center', () => {
  it('answers every read the collector makes in shapes the SDK deserializes', async () => {
    const state = generateAws(new Random(5), { accounts: 3, identityCenterUsers: 30 });
    const ic = state.identityCenter!;
    sim = await startAwsSim(state);
    const sso = new SSOAdminClient(opts(sim));
    const store = new IdentitystoreClient(opts(sim));

    const { Instances } = await sso.send(new ListInstancesCommand({}));
    expect(Instances).toEqual([
      expect.objectContaining({
        InstanceArn: ic.instanceArn,
        IdentityStoreId: ic.identityStoreId,
        OwnerAccountId: state.managementAccountId,
        Status: 'ACTIVE',
        CreatedDate: new Date(ic.createdDate),
      }),
    ]);
    const InstanceArn = ic.instanceArn;
    const sets = await sso.send(new ListPermissionSetsCommand({ InstanceArn, MaxResults: 2 }));
    expect(sets.PermissionSets).toEqual(ic.permissionSets.slice(0, 2).map((p) => p.arn));
    expect(sets.NextToken).toEqual(expect.any(String));

    const bedrock = ic.permissionSets.find((p) => p.name === 'BedrockBuilder')!;
    const PermissionSetArn = bedrock.arn;
    expect((await sso.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn }))).PermissionSet).toEqual(
      expect.objectContaining({ Name: 'BedrockBuilder', SessionDuration: 'PT4H', CreatedDate: expect.any(Date) }),
    );
    const managed = await sso.send(new ListManagedPoliciesInPermissionSetCommand({ InstanceArn, PermissionSetArn }));
    expect(managed.AttachedManagedPolicies).toEqual([
      { Arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', Name: 'AmazonS3ReadOnlyAccess' },
    ]);
    const inline = await sso.send(new GetInlinePolicyForPermissionSetCommand({ InstanceArn, PermissionSetArn }));
    expect(JSON.parse(inline.InlinePolicy!)).toMatchObject({ Statement: [{ Action: 'bedrock:*' }] });
    const admin = ic.permissionSets.find((p) => p.name === 'AdministratorAccess')!;
    expect(
      (await sso.send(new GetInlinePolicyForPermissionSetCommand({ InstanceArn, PermissionSetArn: admin.arn })))
        .InlinePolicy,
    ).toBeUndefined();
    const sandbox = ic.permissionSets.find((p) => p.name === 'SandboxBoundary')!;
    const refs = await sso.send(
      new ListCustomerManagedPolicyReferencesInPermissionSetCommand({ InstanceArn, PermissionSetArn: sandbox.arn }),
    );
    expect(refs.CustomerManagedPolicyReferences).toEqual([{ Name: 'sandbox-boundary', Path: '/assay-sim/' }]);

    const accounts = await sso.send(
      new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn, PermissionSetArn: admin.arn }),
    );
    expect(accounts.AccountIds).toEqual(state.accounts.map((a) => a.id));
    const assigned = await sso.send(
      new ListAccountAssignmentsCommand({ InstanceArn, PermissionSetArn: admin.arn, AccountId: state.accounts[1]!.id }),
    );
    expect(assigned.AccountAssignments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ PrincipalType: 'GROUP', AccountId: state.accounts[1]!.id }),
        expect.objectContaining({ PrincipalType: 'USER', PermissionSetArn: admin.arn }),
      ]),
    );

    const IdentityStoreId = ic.identityStoreId;
    const users = await store.send(new ListUsersCommand({ IdentityStoreId, MaxResults: 100 }));
    expect(users.Users).toHaveLength(30);
    expect(users.Users![0]).toEqual(
      expect.objectContaining({
        UserId: ic.users[0]!.userId,
        UserName: ic.users[0]!.userName,
        UserStatus: 'ENABLED',
        Emails: [{ Value: ic.users[0]!.emails[0]!.value, Type: 'work', Primary: true }],
        ExternalIds: [expect.objectContaining({ Issuer: expect.any(String) })],
      }),
    );
    expect(users.Users!.filter((u) => u.UserStatus === 'DISABLED')).toHaveLength(1);
    const groups = await store.send(new ListGroupsCommand({ IdentityStoreId }));
    expect(groups.Groups!.map((g) => g.DisplayName)).toContain('AWSAdministrators');
    const adminsGroup = ic.groups.find((g) => g.displayName === 'AWSAdministrators')!;
    const members = await store.send(
      new ListGroupMembershipsCommand({ IdentityStoreId, GroupId: adminsGroup.groupId }),
    );
    expect(members.GroupMemberships!.map((m) => m.MemberId)).toEqual(adminsGroup.members.map((UserId) => ({ UserId })));

    const iam = new IAMClient(opts(sim, 'us-east-1'));
    const PolicyArn = 'arn:aws:iam::aws:policy/PowerUserAccess';
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }));
    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn, VersionId: Policy!.DefaultVersionId! }),
    );
    expect(JSON.parse(decodeURIComponent(PolicyVersion!.Document!))).toMatchObject({
      Statement: expect.arrayContaining([expect.objectContaining({ NotAction: expect.any(Array) })]),
    });
  });

  it('has no instance outside its region, refuses other accounts and validates page sizes, as AWS does', async () => {
    const state = generateAws(new Random(5), { accounts: 2 });
    sim = await startAwsSim(state);
    const elsewhere = new SSOAdminClient(opts(sim, 'us-east-1'));
    expect((await elsewhere.send(new ListInstancesCommand({}))).Instances).toEqual([]);
    const store = new IdentitystoreClient(opts(sim));
    await expect(
      store.send(new ListUsersCommand({ IdentityStoreId: 'd-0000000000', MaxResults: 10 })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      store.send(new ListUsersCommand({ IdentityStoreId: state.identityCenter!.identityStoreId, MaxResults: 500 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const none = generateAws(new Random(5), { accounts: 1, identityCenterUsers: 0 });
    expect(none.identityCenter).toBeUndefined();
  });
});
