import type { AwsAccountSizes, GithubOrgSizes, GoogleSizes, IdentityCenterSizes, SimSizes } from './sim-sizes.js';

/** The fewest requests any collector could make for these sizes, and the formula that gives it (README call budgets). */
export interface PagingMinimum {
  requests: number;
  formula: string;
}

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** GitHub, per organization: every list takes at least one page of 100; organization rulesets one detail each. */
export function githubMinimum(orgs: readonly GithubOrgSizes[]): PagingMinimum {
  const perOrg = (o: GithubOrgSizes) =>
    1 +
    pages(o.members, 100) +
    pages(o.membersWithout2fa, 100) +
    pages(o.membersWithInsecure2fa, 100) +
    pages(o.owners, 100) +
    pages(o.outsideCollaborators, 100) +
    pages(o.outsideCollaboratorsWithout2fa, 100) +
    2 * pages(o.repositories, 100) +
    pages(o.orgRulesets, 100) +
    o.orgRulesets +
    Math.ceil(o.repoRulesets / 100) +
    pages(o.providerAlerts, 100) +
    pages(o.genericAlerts, 100) +
    pages(o.mergedPullRequests, 100) +
    pages(o.samlIdentities, 100) +
    pages(o.members, 100);
  return {
    requests: sum(orgs.map(perOrg)),
    formula:
      'Σ orgs 1 + ⌈M/100⌉ + ⌈M_no2fa/100⌉ + ⌈M_sms/100⌉ + ⌈owners/100⌉ + ⌈outside/100⌉ + ⌈outside_no2fa/100⌉ + 2⌈R/100⌉ + ⌈S/100⌉ + S + ⌈K/100⌉ + ⌈A_p/100⌉ + ⌈A_g/100⌉ + ⌈merged PRs/100⌉ + ⌈SAML identities/100⌉ + ⌈M/100⌉ (verified emails)',
  };
}

/** Identity Center: instance, the three lists, members per group, four reads per permission set, its accounts, assignments. */
export function identityCenterMinimum(ic: IdentityCenterSizes): PagingMinimum {
  return {
    requests:
      1 +
      pages(ic.users, 100) +
      pages(ic.groups, 100) +
      sum(ic.groupMembers.map((m) => pages(m, 100))) +
      pages(ic.permissionSets, 100) +
      4 * ic.permissionSets +
      2 * ic.awsManagedPolicies +
      ic.permissionSets +
      ic.provisionedPairs,
    formula: '1 + ⌈U/100⌉ + ⌈G/100⌉ + Σ_g ⌈max(m_g,1)/100⌉ + ⌈P/100⌉ + 4·P + 2·M + P + Σ_p a_p',
  };
}

/** IAM, per account: credential report (generate + get), authorization details, MFA devices, password policy, summary. */
export function awsIamMinimum(accounts: readonly AwsAccountSizes[]): PagingMinimum {
  const perAccount = (a: AwsAccountSizes) => 2 + pages(a.iamEntities, 1000) + pages(a.virtualMfaDevices, 1000) + 2;
  return {
    requests: 1 + sum(accounts.map(perAccount)),
    formula: '1 + Σ accounts 2 + ⌈entities/1000⌉ + ⌈virtual MFA/1000⌉ + 2',
  };
}

/** The lookups of one account's busiest region: 11 IAM lookups in us-east-1, 6 + B risky-event lookups, 1 Bedrock use. */
export const usEast1Lookups = (breakGlassRoles: number) => 11 + 6 + breakGlassRoles + 1;

/** CloudTrail, per account: ListRegions, DescribeTrails per region, status and selectors per trail, first pages of lookups. */
export function awsCloudtrailMinimum(accounts: readonly AwsAccountSizes[], breakGlassRoles: number): PagingMinimum {
  const perAccount = (a: AwsAccountSizes) => {
    const lookupRegions = a.regions + (a.regionsIncludeUsEast1 ? 0 : 1);
    return 1 + a.regions + 2 * a.uniqueTrails + 11 + lookupRegions * (6 + breakGlassRoles) + a.regions;
  };
  return {
    requests: sum(accounts.map(perAccount)),
    formula: 'Σ accounts 1 + R + 2T + 11 + #(R ∪ {us-east-1}) × (6 + B) + R (first pages of each lookup only)',
  };
}

/** S3, per account: account block, bucket list, four reads per bucket, public-access reads the account block leaves. */
export function awsS3Minimum(accounts: readonly AwsAccountSizes[]): PagingMinimum {
  return {
    requests: sum(
      accounts.map((a) => 1 + pages(a.buckets, 1000) + 4 * a.buckets + a.publicAccessReads + a.policyReads + a.kmsKeys),
    ),
    formula: 'Σ accounts 1 + ⌈N/1000⌉ + 4N + public-access reads (≤ 3N) + policy reads + K',
  };
}

export function awsBedrockMinimum(accounts: readonly AwsAccountSizes[]): PagingMinimum {
  return { requests: sum(accounts.map((a) => a.regions)), formula: 'Σ accounts R' };
}

/** Workspace: token, users, roles, assignments, group members, activity lists; the token inventory one per user. */
export function googleMinimum(g: GoogleSizes): PagingMinimum {
  const [suspend = 0, del = 0, archive = 0, authorize = 0, revoke = 0] = g.activityEvents;
  const admin = pages(suspend, 1000) + pages(del, 1000) + pages(archive, 1000);
  const tokens = g.tokenInventory ? g.users : pages(authorize, 1000) + pages(revoke, 1000);
  return {
    requests:
      1 +
      pages(g.users, 500) +
      pages(g.roles, 100) +
      pages(g.roleAssignments, 200) +
      sum(g.groupMembers.map((m) => pages(m, 200))) +
      admin +
      tokens,
    formula: `1 + ⌈users/500⌉ + ⌈roles/100⌉ + ⌈assignments/200⌉ + Σ groups ⌈members/200⌉ + 3 admin event lists + ${
      g.tokenInventory ? 'users (token inventory bootstrap)' : '2 token event lists'
    } (event lists ⌈events/1000⌉ each, at least 1)`,
  };
}

/** Every collector's paging minimum, by collector id. */
export function pagingMinimum(s: SimSizes): Record<string, PagingMinimum> {
  return {
    github: githubMinimum(s.github),
    ...(s.identityCenter ? { 'aws-identity-center': identityCenterMinimum(s.identityCenter) } : {}),
    'google-workspace': googleMinimum(s.google),
    'aws-iam': awsIamMinimum(s.aws.accounts),
    'aws-cloudtrail': awsCloudtrailMinimum(s.aws.accounts, s.aws.breakGlassRoles),
    'aws-s3': awsS3Minimum(s.aws.accounts),
    'aws-bedrock': awsBedrockMinimum(s.aws.accounts),
  };
}
