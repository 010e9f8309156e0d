import { describe, expect, it } from 'vitest';
import { growth, linearFit } from '../../bench/growth-fit.js';
import {
  credentialReportMs,
  DEFAULT_LIMITS,
  latencyBound,
  listScheduleMs,
  spacedMs,
} from '../../bench/latency-bound.js';
import { pagingMinimum } from '../../bench/paging-minimum.js';
import type { AwsAccountSizes, GithubOrgSizes, SimSizes } from '../../bench/sim-sizes.js';

const org: GithubOrgSizes = {
  members: 2000,
  membersWithout2fa: 150,
  membersWithInsecure2fa: 0,
  owners: 5,
  outsideCollaborators: 30,
  outsideCollaboratorsWithout2fa: 3,
  repositories: 3000,
  orgRulesets: 3,
  repoRulesets: 250,
  providerAlerts: 255,
  genericAlerts: 3,
  mergedPullRequests: 120,
  samlIdentities: 1800,
};
const account: AwsAccountSizes = {
  iamEntities: 3032,
  virtualMfaDevices: 1435,
  credentialReportPolls: 0,
  credentialReportReady: false,
  regions: 6,
  regionsIncludeUsEast1: true,
  uniqueTrails: 2,
  buckets: 9,
  publicAccessReads: 12,
  policyReads: 1,
  kmsKeys: 1,
};
const sizes: SimSizes = {
  github: [org],
  aws: { accounts: [account, { ...account, regionsIncludeUsEast1: false }], breakGlassRoles: 1 },
  google: {
    users: 20000,
    roles: 12,
    roleAssignments: 240,
    groupMembers: [8, 450],
    activityEvents: [3, 0, 1, 39500, 120],
    tokenInventory: false,
  },
};
const limits = { ...DEFAULT_LIMITS, latencyMs: 100 };

describe('paging minimum', () => {
  it('follows the README budgets: GitHub, IAM, CloudTrail, S3, Bedrock, Workspace', () => {
    const m = pagingMinimum(sizes);
    // 1 + 20 + 2 + 1 (empty list) + 1 + 1 + 1 + 2×30 + 1 + 3 + 3 + 3 + 1 + 2 (120 merged pull requests)
    // + 18 (1,800 SAML identities) + 20 (members' verified-domain emails)
    expect(m.github!.requests).toBe(138);
    // 1 ListOrganizationsFeatures + 2 × (2 + ⌈3032/1000⌉ + ⌈1435/1000⌉ + 2)
    expect(m['aws-iam']!.requests).toBe(1 + 2 * 10);
    // per account 1 + 6 + 4 + 11 + 6 × 7 + 6 = 70; without us-east-1 enabled it is still looked up: + 7
    expect(m['aws-cloudtrail']!.requests).toBe(70 + 77);
    // 1 + 1 + 36 + 12 + 1 + 1 per account
    expect(m['aws-s3']!.requests).toBe(2 * 52);
    expect(m['aws-bedrock']!.requests).toBe(12);
    // 1 + 40 + 1 + 2 + (1 + 3) + 3 admin lists + 40 + 1 token event pages
    expect(m['google-workspace']!.requests).toBe(92);
  });

  it('counts one tokens.list per user while the token inventory bootstraps, instead of the token events', () => {
    const m = pagingMinimum({ ...sizes, google: { ...sizes.google, tokenInventory: true } });
    expect(m['google-workspace']!.requests).toBe(92 - 41 + 20000);
    expect(m['google-workspace']!.formula).toContain('token inventory');
  });
});

describe('latency bound', () => {
  it('spaces rate-limited requests, and never undercuts one latency per request in sequence', () => {
    expect(spacedMs(0, 2, 100)).toBe(0);
    expect(spacedMs(19, 2, 100)).toBe(9100);
    expect(spacedMs(19, 2, 800)).toBe(19 * 800);
  });

  it('takes the longest sequential chain per collector, with accounts scheduled as the collectors run them and vendor rates', () => {
    const b = latencyBound(sizes, limits);
    // GraphQL in sequence: 30 repository pages + 3 ruleset batches + 2 search pages + 18 SAML + 20 member pages
    expect(b.github!.ms).toBe(73 * 100);
    // discovery (GetCallerIdentity, one ListAccounts page), then AssumeRole and ListRegions, then the lookups
    expect(b['aws-cloudtrail']!.ms).toBe(200 + 200 + spacedMs(19, 2, 100));
    // discovery, AssumeRole, then the credential report (generate, 500 ms, get) outlasts 4 pages of entities
    expect(b['aws-iam']!.ms).toBe(200 + 100 + 700);
    // discovery, AssumeRole, ListBuckets, then one round of 9 buckets, each 3 reads deep (its public access block,
    // then policy status and policy; encryption then its KMS key beside them)
    expect(b['aws-s3']!.ms).toBe(200 + 100 + 100 + 300);
    // token, then 40 user pages (the other lists are shorter and run alongside)
    expect(b['google-workspace']!.ms).toBe(4100);
    const ten = latencyBound(
      { ...sizes, aws: { ...sizes.aws, accounts: Array<AwsAccountSizes>(10).fill(account) } },
      limits,
    );
    expect(ten['aws-cloudtrail']!.ms).toBe(200 + 3 * (200 + spacedMs(19, 2, 100)));
  });

  it('schedules accounts as p-limit runs them: in order, each as soon as a slot is free', () => {
    // One slow account does not make every wave slow: 4 slots, the 5 s account first, nine 1 s accounts after it.
    expect(listScheduleMs([5000, ...Array<number>(9).fill(1000)], 4)).toBe(5000);
    expect(listScheduleMs(Array<number>(10).fill(1000), 4)).toBe(3000);
    expect(listScheduleMs([1000, 1000, 1000, 1000, 5000], 4)).toBe(6000);
    expect(listScheduleMs([], 4)).toBe(0);
  });

  it('waits for a credential report as the collector does: from 500 ms, doubling, after each "in progress"', () => {
    expect(credentialReportMs(0, limits)).toBe(200 + 500);
    expect(credentialReportMs(2, limits)).toBe(400 + 500 + 1000 + 2000);
    // A report under four hours old: Generate answers COMPLETE, and the Get follows without a wait.
    expect(credentialReportMs(2, limits, true)).toBe(200);
    const ready = latencyBound(
      {
        ...sizes,
        aws: { ...sizes.aws, accounts: sizes.aws.accounts.map((a) => ({ ...a, credentialReportReady: true })) },
      },
      limits,
    );
    // discovery, AssumeRole, then 4 pages of entities outlast the ready report's Generate and Get
    expect(ready['aws-iam']!.ms).toBe(200 + 100 + 400);
  });

  it('paces a bootstrapping token inventory by its concurrency and its per-minute window', () => {
    const g = { ...sizes.google, tokenInventory: true };
    expect(latencyBound({ ...sizes, google: g }, limits)['google-workspace']!.ms).toBe(100 + 4000 + 16 * 60_000 + 100);
    const small = { ...g, users: 500 };
    expect(latencyBound({ ...sizes, google: small }, limits)['google-workspace']!.ms).toBe(100 + 100 + 125 * 100);
  });
});

describe('Identity Center', () => {
  const ic = {
    users: 250,
    groups: 3,
    groupMembers: [120, 5, 0],
    permissionSets: 4,
    provisionedPairs: 9,
    awsManagedPolicies: 2,
  };

  it('counts the collector budget: lists, members per group, five reads per permission set, accounts, policies', () => {
    const m = pagingMinimum({ ...sizes, identityCenter: ic });
    // 1 + 3 + 1 + (2 + 1 + 1) + 1 + 4×4 + 2×2 + 4 + 9
    expect(m['aws-identity-center']!.requests).toBe(43);
  });

  it('bounds wall time by the user pages or the lists and the per-item reads four at a time', () => {
    // items: 4 member pages + 20 + 4 + 9 = 37 → 10 rounds; 1 + max(3, 1 + 10)
    expect(latencyBound({ ...sizes, identityCenter: ic }, limits)['aws-identity-center']!.ms).toBe(1200);
  });
});

describe('growth fit', () => {
  it('fits a line and says how well it fits', () => {
    const fit = linearFit([
      [1, 12],
      [2, 22],
      [4, 42],
    ]);
    expect(fit.intercept).toBeCloseTo(2);
    expect(fit.slope).toBeCloseTo(10);
    expect(fit.r2).toBeCloseTo(1);
    expect(
      linearFit([
        [1, 1],
        [2, 3],
        [3, 2],
      ]).r2,
    ).toBeCloseTo(0.25);
    expect(() => linearFit([[1, 1]])).toThrow('at least two points');
    expect(() =>
      linearFit([
        [1, 1],
        [1, 2],
      ]),
    ).toThrow('two different x values');
  });

  it('states growth from the first value to the last', () => {
    expect(growth([200, 210, 220])).toBeCloseTo(0.1);
    expect(() => growth([])).toThrow(RangeError);
  });
});
