import type { Permission } from '../../src/model/collector.js';

/** What the identity assay runs as needs to reach the accounts (list and organization modes). */
export const awsAccountPermissions: readonly Permission[] = [
  {
    name: 'sts:AssumeRole',
    why: 'enter each listed or organization account through the audit role (granted to the identity assay runs as)',
  },
  {
    name: 'organizations:ListAccounts',
    why: 'list the accounts of the organization (accounts.mode: organization; management account or delegated administrator)',
  },
];

/** IAM actions of the aws-iam collector, all read-only except GenerateCredentialReport, which only refreshes AWS's own report. */
export const awsIamPermissions: readonly Permission[] = [
  {
    name: 'iam:GenerateCredentialReport',
    why: 'ask AWS to refresh the credential report (it reuses one younger than four hours)',
  },
  {
    name: 'iam:GetCredentialReport',
    why: 'passwords, MFA and access keys of every user and the root user in one call',
  },
  { name: 'iam:GetAccountAuthorizationDetails', why: 'users, groups, roles and their policies, 1,000 entities a call' },
  { name: 'iam:ListVirtualMFADevices', why: 'MFA devices assigned since the credential report was made' },
  { name: 'iam:GetAccountPasswordPolicy', why: 'the password policy for console users' },
  { name: 'iam:GetAccountSummary', why: "the root user's MFA, access-key and password state, live" },
  {
    name: 'iam:ListOrganizationsFeatures',
    why: 'whether the organization manages member root credentials centrally (once per run, by the identity assay runs as: management account or delegated administrator)',
  },
  ...awsAccountPermissions,
];
