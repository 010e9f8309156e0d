import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  IAMServiceException,
  ListOrganizationsFeaturesCommand,
  ListVirtualMFADevicesCommand,
  NoSuchEntityException,
  AccountNotManagementOrDelegatedAdministratorException,
  OrganizationNotFoundException,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsIamCollector } from '../../../collectors/aws/aws-iam-collector.js';
import { CREDS, runAwsCollector } from './aws-harness.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const ROOT =
  '<root_account>,arn:aws:iam::111122223333:root,2019-03-01T10:00:00+00:00,not_supported,no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const admin = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } };

const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);
afterEach(() => {
  iam.reset();
  sts.reset();
});

function happyIam() {
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/assay', UserId: 'AIDAX' });
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  iam.on(GetCredentialReportCommand).resolves({
    Content: new TextEncoder().encode(`${HEADER}\n${ROOT}`),
    GeneratedTime: new Date('2026-11-23T10:00:00Z'),
  });
  iam.on(GetAccountAuthorizationDetailsCommand, { Marker: undefined }).resolves({
    IsTruncated: true,
    Marker: 'page2',
    UserDetailList: [
      {
        UserName: 'ada',
        UserId: 'AIDA1',
        Arn: 'arn:aws:iam::111122223333:user/ada',
        Path: '/',
        CreateDate: new Date('2024-01-01T00:00:00Z'),
        GroupList: ['Admins'],
        AttachedManagedPolicies: [],
        UserPolicyList: [
          {
            PolicyName: 'p',
            PolicyDocument: enc({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
            }),
          },
        ],
        Tags: [{ Key: 'assay:executive', Value: 'true' }],
      },
    ],
  });
  iam.on(GetAccountAuthorizationDetailsCommand, { Marker: 'page2' }).resolves({
    IsTruncated: false,
    GroupDetailList: [
      {
        GroupName: 'Admins',
        Arn: 'arn:aws:iam::111122223333:group/Admins',
        AttachedManagedPolicies: [
          { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        ],
        GroupPolicyList: [],
      },
    ],
    Policies: [
      {
        PolicyName: 'AdministratorAccess',
        Arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        AttachmentCount: 1,
        DefaultVersionId: 'v1',
        PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: enc(admin) }],
      },
      {
        PolicyName: 'AmazonS3ReadOnlyAccess',
        Arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        AttachmentCount: 0,
        DefaultVersionId: 'v3',
        PolicyVersionList: [{ VersionId: 'v3', IsDefaultVersion: true, Document: enc(admin) }],
      },
    ],
  });
  iam.on(ListVirtualMFADevicesCommand).resolves({
    VirtualMFADevices: [
      {
        SerialNumber: 'arn:aws:iam::111122223333:mfa/ada',
        User: {
          UserName: 'ada',
          Arn: 'arn:aws:iam::111122223333:user/ada',
          UserId: 'AIDA1',
          Path: '/',
          CreateDate: new Date(),
        },
        EnableDate: new Date('2026-11-23T11:00:00Z'),
      },
    ],
    IsTruncated: false,
  });
  iam.on(GetAccountPasswordPolicyCommand).rejects(
    new NoSuchEntityException({
      message: 'The Password Policy with domain name 111122223333 cannot be found.',
      $metadata: { httpStatusCode: 404 },
    }),
  );
  iam
    .on(ListOrganizationsFeaturesCommand)
    .resolves({ OrganizationId: 'o-aa111bb222', EnabledFeatures: ['RootCredentialsManagement'] });
  iam
    .on(GetAccountSummaryCommand)
    .resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 1 } });
}

describe('aws-iam collector', () => {
  it('joins authorization-detail pages, decodes policy documents, keeps attached AWS managed policies, and reads "no password policy" as a value', async () => {
    happyIam();
    const { snapshots } = await runAwsCollector(awsIamCollector, `{ credentials: ${CREDS} }`);
    expect(snapshots).toHaveLength(1);
    const s = snapshots[0]!;
    expect(s.scope).toEqual({ kind: 'aws-account', id: '111122223333' });
    expect(s.missing).toEqual({});
    const details = s.data['aws-iam.authorizationDetails'] as any;
    expect(details.users[0].UserPolicyList[0].PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }],
    });
    expect(details.policies.map((p: any) => [p.PolicyName, p.AwsManaged])).toEqual([['AdministratorAccess', true]]);
    expect(details.policies[0].DefaultVersionDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }],
    });
    expect(iam.commandCalls(GetAccountAuthorizationDetailsCommand).map((c) => c.args[0].input)).toEqual([
      { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'], MaxItems: 1000 },
      { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'], MaxItems: 1000, Marker: 'page2' },
    ]);
    expect(iam.commandCalls(ListVirtualMFADevicesCommand)[0]!.args[0].input).toEqual({
      AssignmentStatus: 'Assigned',
      MaxItems: 1000,
    });
    expect(s.data['aws-iam.passwordPolicy']).toEqual({ policy: null });
    expect(s.data['aws-iam.virtualMfaDevices']).toEqual([
      {
        SerialNumber: 'arn:aws:iam::111122223333:mfa/ada',
        UserArn: 'arn:aws:iam::111122223333:user/ada',
        UserName: 'ada',
        EnableDate: '2026-11-23T11:00:00.000Z',
      },
    ]);
    expect(s.calls.map((c) => [c.operation, c.ok])).toEqual(
      expect.arrayContaining([
        ['iam:GetAccountPasswordPolicy', true],
        ['iam:GetCredentialReport', true],
      ]),
    );
  });

  it('records a refused call as that dataset missing, with its operation and status, and collects the rest', async () => {
    happyIam();
    iam.on(ListVirtualMFADevicesCommand).rejects(
      new IAMServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        message:
          'User: arn:aws:sts::111122223333:assumed-role/AssayAudit/assay is not authorized to perform: iam:ListVirtualMFADevices',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const { snapshots, runs } = await runAwsCollector(awsIamCollector, `{ credentials: ${CREDS} }`);
    const s = snapshots[0]!;
    expect(Object.keys(s.missing)).toEqual(['aws-iam.virtualMfaDevices']);
    expect(s.missing['aws-iam.virtualMfaDevices']).toEqual({
      kind: 'error',
      operation: 'iam:ListVirtualMFADevices',
      status: 403,
      message:
        'AccessDenied: User: arn:aws:sts::111122223333:assumed-role/AssayAudit/assay is not authorized to perform: iam:ListVirtualMFADevices',
    });
    expect(Object.keys(s.data).sort()).toEqual([
      'aws-iam.accountSummary',
      'aws-iam.authorizationDetails',
      'aws-iam.credentialReport',
      'aws-iam.passwordPolicy',
      'aws-iam.rootAccessManagement',
    ]);
    expect(runs[0]!.failedOperations).toEqual(['iam:ListVirtualMFADevices']);
  });

  it('fails ListVirtualMFADevices instead of stopping early when a page is truncated without a Marker', async () => {
    happyIam();
    iam
      .on(ListVirtualMFADevicesCommand)
      .resolves({ VirtualMFADevices: [{ SerialNumber: 'arn:aws:iam::111122223333:mfa/ada' }], IsTruncated: true });
    const { snapshots } = await runAwsCollector(awsIamCollector, `{ credentials: ${CREDS} }`);
    expect(snapshots[0]!.missing['aws-iam.virtualMfaDevices']).toMatchObject({
      operation: 'iam:ListVirtualMFADevices',
      message: 'ListVirtualMFADevices said IsTruncated but gave no Marker',
    });
    expect(iam.commandCalls(ListVirtualMFADevicesCommand)).toHaveLength(1);
  });

  it('records the credential report as missing, naming iam:GetCredentialReport, when a flag in it is unreadable', async () => {
    happyIam();
    const odd = ROOT.replace(',true,false,N/A,', ',true,N/A,N/A,');
    iam.on(GetCredentialReportCommand).resolves({
      Content: new TextEncoder().encode(`${HEADER}\n${odd}`),
      GeneratedTime: new Date('2026-11-23T10:00:00Z'),
    });
    const { snapshots } = await runAwsCollector(awsIamCollector, `{ credentials: ${CREDS} }`);
    expect(Object.keys(snapshots[0]!.missing)).toEqual(['aws-iam.credentialReport']);
    expect(snapshots[0]!.missing['aws-iam.credentialReport']).toMatchObject({
      operation: 'iam:GetCredentialReport',
      message: 'the credential report has "N/A" in access_key_1_active of user <root_account>, expected true or false',
    });
  });

  it('treats a policy document that is not URL-encoded JSON as missing data, naming the policy', async () => {
    happyIam();
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({
      IsTruncated: false,
      RoleDetailList: [
        {
          RoleName: 'r',
          Arn: 'arn:aws:iam::111122223333:role/r',
          RolePolicyList: [{ PolicyName: 'broken', PolicyDocument: '%7B' }],
        },
      ],
    });
    const { snapshots } = await runAwsCollector(awsIamCollector, `{ credentials: ${CREDS} }`);
    expect(snapshots[0]!.missing['aws-iam.authorizationDetails']).toMatchObject({
      operation: 'iam:GetAccountAuthorizationDetails',
      message: 'the policy document of role r inline policy broken is not URL-encoded JSON',
    });
  });

  it('treats an attached policy whose document GetAccountAuthorizationDetails did not return as missing data', async () => {
    happyIam();
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({
      IsTruncated: false,
      RoleDetailList: [
        {
          RoleName: 'deploy',
          Arn: 'arn:aws:iam::111122223333:role/deploy',
          AttachedManagedPolicies: [
            { PolicyName: 'deploy-all', PolicyArn: 'arn:aws:iam::111122223333:policy/deploy-all' },
          ],
        },
      ],
    });
    const { snapshots } = await runAwsCollector(awsIamCollector, `{ credentials: ${CREDS} }`);
    expect(snapshots[0]!.missing['aws-iam.authorizationDetails']).toMatchObject({
      operation: 'iam:GetAccountAuthorizationDetails',
      message:
        'GetAccountAuthorizationDetails listed policy arn:aws:iam::111122223333:policy/deploy-all as attached to role deploy but returned no document for it',
    });
  });

  it('refuses a credential report more than 24 hours old, naming iam:GetCredentialReport', async () => {
    happyIam();
    iam.on(GetCredentialReportCommand).resolves({
      Content: new TextEncoder().encode(`${HEADER}\n${ROOT}`),
      GeneratedTime: new Date('2026-11-22T10:00:00Z'),
    });
    const { snapshots } = await runAwsCollector(awsIamCollector, `{ credentials: ${CREDS} }`);
    expect(snapshots[0]!.missing['aws-iam.credentialReport']).toMatchObject({
      operation: 'iam:GetCredentialReport',
      message:
        'the credential report was generated at 2026-11-22T10:00:00.000Z, 26 hours before this run (AWS refreshes it after four hours), so it is not used',
    });
  });

  it('reads the centralized root access features once, keeping a refusal as the value and no organization as none', async () => {
    happyIam();
    const { snapshots } = await runAwsCollector(awsIamCollector, `{ credentials: ${CREDS} }`);
    expect(snapshots[0]!.data['aws-iam.rootAccessManagement']).toEqual({
      organizationId: 'o-aa111bb222',
      enabledFeatures: ['RootCredentialsManagement'],
    });
    expect(iam.commandCalls(ListOrganizationsFeaturesCommand)).toHaveLength(1);
    expect(snapshots[0]!.calls.find((c) => c.operation === 'iam:ListOrganizationsFeatures')).toMatchObject({
      ok: true,
    });

    iam.on(ListOrganizationsFeaturesCommand).rejects(
      new AccountNotManagementOrDelegatedAdministratorException({
        message:
          'The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const refused = await runAwsCollector(awsIamCollector, `{ credentials: ${CREDS} }`);
    expect(refused.snapshots[0]!.data['aws-iam.rootAccessManagement']).toEqual({
      failed: {
        operation: 'iam:ListOrganizationsFeatures',
        status: 400,
        message:
          'AccountNotManagementOrDelegatedAdministratorException: The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.',
      },
    });

    iam.on(ListOrganizationsFeaturesCommand).rejects(
      new OrganizationNotFoundException({
        message: 'The request was rejected because no organization is associated with your account.',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const standalone = await runAwsCollector(awsIamCollector, `{ credentials: ${CREDS} }`);
    expect(standalone.snapshots[0]!.data['aws-iam.rootAccessManagement']).toEqual({
      organizationId: null,
      enabledFeatures: [],
    });
  });
});
