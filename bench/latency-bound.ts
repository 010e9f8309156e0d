import { usEast1Lookups } from './paging-minimum.js';
import type { AwsAccountSizes, GithubOrgSizes, GoogleSizes, IdentityCenterSizes, SimSizes } from './sim-sizes.js';

/** The declared concurrency and vendor rate limits the bound takes into account (assay's defaults). */
export interface BoundLimits {
  latencyMs: number;
  /** `sources.aws.accountConcurrency`. */
  accountConcurrency: number;
  /** CloudTrail LookupEvents per second, per account and region. */
  lookupsPerSecond: number;
  s3BucketConcurrency: number;
  githubRulesetDetailConcurrency: number;
  tokenInventoryConcurrency: number;
  tokenInventoryRequestsPerMinute: number;
  /** The IAM collector's first wait for a credential report that is still being generated (AWS takes seconds). */
  credentialReportFirstWaitMs: number;
  /** The Identity Center collector's per-item reads at once. */
  identityCenterConcurrency: number;
}

export const DEFAULT_LIMITS: Omit<BoundLimits, 'latencyMs'> = {
  accountConcurrency: 4,
  lookupsPerSecond: 2,
  s3BucketConcurrency: 16,
  githubRulesetDetailConcurrency: 4,
  tokenInventoryConcurrency: 4,
  tokenInventoryRequestsPerMinute: 1200,
  credentialReportFirstWaitMs: 500,
  identityCenterConcurrency: 4,
};

/** The shortest wall time a collector could take: its longest chain of sequential requests × latency, rate limits included. */
export interface LatencyBound {
  ms: number;
  chain: string;
}

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
const maxOf = (xs: readonly number[]) => xs.reduce((a, b) => Math.max(a, b), 0);

/** `n` requests one after another, no closer than `perSecond` apart. */
export const spacedMs = (n: number, perSecond: number, latencyMs: number) =>
  n <= 0 ? 0 : Math.max(n * latencyMs, ((n - 1) * 1000) / perSecond + latencyMs);

/** Organizations and lists read concurrently: the longest list, ruleset details after their list, the GraphQL queries of an organization in sequence. */
export function githubBound(orgs: readonly GithubOrgSizes[], l: BoundLimits): LatencyBound {
  const steps = maxOf(
    orgs.map((o) =>
      Math.max(
        pages(o.members, 100),
        pages(o.outsideCollaborators, 100),
        pages(o.repositories, 100) + Math.ceil(o.repoRulesets / 100),
        pages(o.orgRulesets, 100) + Math.ceil(o.orgRulesets / l.githubRulesetDetailConcurrency),
        pages(o.providerAlerts, 100),
      ),
    ),
  );
  // The collector sends an organization's GraphQL queries one after another (read-only queries skip Octokit's
  // one-a-second write queue), so the longest organization's queries form one chain.
  const graphql = maxOf(
    orgs.map(
      (o) =>
        pages(o.repositories, 100) +
        Math.ceil(o.repoRulesets / 100) +
        pages(o.mergedPullRequests, 100) +
        pages(o.samlIdentities, 100) +
        pages(o.members, 100),
    ),
  );
  return {
    ms: Math.max(steps, graphql) * l.latencyMs,
    chain: `max(${steps} sequential pages of the longest list, ${graphql} GraphQL queries one after another)`,
  };
}

/** Token, then the user pages and (bootstrapping the inventory) one tokens.list per user at the declared concurrency and rate. */
export function googleBound(g: GoogleSizes, l: BoundLimits): LatencyBound {
  const userPages = pages(g.users, 500);
  const inventoryMs = g.tokenInventory
    ? Math.max(
        Math.ceil(g.users / l.tokenInventoryConcurrency) * l.latencyMs,
        Math.floor((g.users - 1) / l.tokenInventoryRequestsPerMinute) * 60_000 + l.latencyMs,
      )
    : 0;
  const otherSteps = Math.max(
    pages(g.roleAssignments, 200) + maxOf(g.groupMembers.map((m) => pages(m, 200))),
    pages(g.roles, 100),
    maxOf(g.activityEvents.map((e) => pages(e, 1000))),
  );
  const ms = l.latencyMs + Math.max(userPages * l.latencyMs + inventoryMs, otherSteps * l.latencyMs);
  return {
    ms,
    chain: `token + ${userPages} user pages${g.tokenInventory ? ` + ${g.users} tokens.list, ${l.tokenInventoryConcurrency} at once, ≤ ${l.tokenInventoryRequestsPerMinute} a minute window` : ''}`,
  };
}

/** When the last job ends if `durations` start in order, each as soon as one of `slots` is free (as p-limit runs them). */
export function listScheduleMs(durations: readonly number[], slots: number): number {
  const free = Array<number>(Math.max(1, slots)).fill(0);
  let end = 0;
  for (const d of durations) {
    let i = 0;
    for (let j = 1; j < free.length; j++) if (free[j]! < free[i]!) i = j;
    free[i] = free[i]! + d;
    end = Math.max(end, free[i]!);
  }
  return end;
}

/**
 * After account discovery (GetCallerIdentity, then ListAccounts 20 at a time), the accounts in discovery order,
 * `accountConcurrency` at a time, each starting when one before it ends: AssumeRole into each member account (the
 * first account is the one assay's own credentials are in) and, for collectors that read regions, ListRegions. The
 * AWS collectors share discovery and sessions, and the one that starts first pays for them; the others wait for the
 * same answers, so every collector's chain includes them.
 */
function awsBound(
  accounts: readonly AwsAccountSizes[],
  l: BoundLimits,
  perAccountMs: (a: AwsAccountSizes) => number,
  readsRegions: boolean,
): number {
  const discovery = (1 + pages(accounts.length, 20)) * l.latencyMs;
  const session = (i: number) => ((i > 0 ? 1 : 0) + (readsRegions ? 1 : 0)) * l.latencyMs;
  return (
    discovery +
    listScheduleMs(
      accounts.map((a, i) => session(i) + perAccountMs(a)),
      l.accountConcurrency,
    )
  );
}

const awsPrefix = (l: BoundLimits) =>
  `discovery (1 + ⌈accounts/20⌉) + accounts ${l.accountConcurrency} at a time, in order, each `;

/**
 * Generate, then a Get after each wait; the waits start at the first and double (up to 8 s), as the collector's do. A
 * report that is ready (Generate answers COMPLETE) is read at once.
 */
export function credentialReportMs(polls: number, l: BoundLimits, ready = false): number {
  if (ready) return 2 * l.latencyMs;
  let waits = 0;
  for (let i = 0; i <= polls; i++) waits += Math.min(l.credentialReportFirstWaitMs * 2 ** i, 8000);
  return (2 + polls) * l.latencyMs + waits;
}

export function awsIamBound(accounts: readonly AwsAccountSizes[], l: BoundLimits): LatencyBound {
  const steps = (a: AwsAccountSizes) =>
    Math.max(
      credentialReportMs(a.credentialReportPolls, l, a.credentialReportReady),
      Math.max(pages(a.iamEntities, 1000), pages(a.virtualMfaDevices, 1000)) * l.latencyMs,
    );
  const ms = awsBound(accounts, l, steps, false);
  return {
    ms,
    chain: `${awsPrefix(l)}(AssumeRole + max(report: generate, get at once if ready, else after each "in progress" with waits from ${l.credentialReportFirstWaitMs} ms doubling; ⌈entities/1000⌉, ⌈MFA/1000⌉ pages))`,
  };
}

export function awsCloudtrailBound(
  accounts: readonly AwsAccountSizes[],
  breakGlassRoles: number,
  l: BoundLimits,
): LatencyBound {
  const lookups = usEast1Lookups(breakGlassRoles);
  const region = Math.max(spacedMs(lookups, l.lookupsPerSecond, l.latencyMs), 3 * l.latencyMs);
  const ms = awsBound(accounts, l, () => region, true);
  return {
    ms,
    chain: `${awsPrefix(l)}(AssumeRole + ListRegions + ${lookups} us-east-1 lookups at ${l.lookupsPerSecond}/s)`,
  };
}

/**
 * A bucket's reads that wait for another: its public access block first (it decides whether the policy and ACL are
 * read), then the policy status before the policy, and the default encryption before its KMS key.
 */
export const s3BucketDepth = (a: AwsAccountSizes): number =>
  (a.publicAccessReads > 0 ? 1 : 0) + Math.max(a.policyReads > 0 ? 2 : 1, a.kmsKeys > 0 ? 2 : 1);

export function awsS3Bound(accounts: readonly AwsAccountSizes[], l: BoundLimits): LatencyBound {
  const ms = awsBound(
    accounts,
    l,
    (a) => (1 + Math.ceil(a.buckets / l.s3BucketConcurrency) * s3BucketDepth(a)) * l.latencyMs,
    false,
  );
  const depth = maxOf(accounts.map(s3BucketDepth));
  return {
    ms,
    chain: `${awsPrefix(l)}(AssumeRole + ListBuckets + ⌈N/${l.s3BucketConcurrency}⌉ bucket rounds of ${depth} dependent reads: public access block, policy status, policy; encryption, KMS key)`,
  };
}

export function awsBedrockBound(accounts: readonly AwsAccountSizes[], l: BoundLimits): LatencyBound {
  const ms = awsBound(accounts, l, () => l.latencyMs, true);
  return { ms, chain: `${awsPrefix(l)}(AssumeRole + ListRegions + 1, the regions at once)` };
}

/**
 * Identity Center: ListInstances, then the user pages alongside the group and permission-set lists, after which every
 * per-item read (members, four per permission set, its accounts, its assignments, policy documents) shares one limit.
 */
export function identityCenterBound(ic: IdentityCenterSizes, l: BoundLimits): LatencyBound {
  const items =
    ic.groupMembers.reduce((n, m) => n + pages(m, 100), 0) +
    5 * ic.permissionSets +
    2 * ic.awsManagedPolicies +
    ic.provisionedPairs;
  const lists = Math.max(pages(ic.groups, 100), pages(ic.permissionSets, 100));
  const itemRounds = Math.ceil(items / l.identityCenterConcurrency);
  const steps = 1 + Math.max(pages(ic.users, 100), lists + itemRounds);
  return {
    ms: steps * l.latencyMs,
    chain: `ListInstances + max(${pages(ic.users, 100)} user pages, lists + ${items} item reads ${l.identityCenterConcurrency} at once)`,
  };
}

/** Every collector's latency lower bound, by collector id. */
export function latencyBound(s: SimSizes, l: BoundLimits): Record<string, LatencyBound> {
  return {
    github: githubBound(s.github, l),
    'google-workspace': googleBound(s.google, l),
    'aws-iam': awsIamBound(s.aws.accounts, l),
    'aws-cloudtrail': awsCloudtrailBound(s.aws.accounts, s.aws.breakGlassRoles, l),
    'aws-s3': awsS3Bound(s.aws.accounts, l),
    'aws-bedrock': awsBedrockBound(s.aws.accounts, l),
    ...(s.identityCenter ? { 'aws-identity-center': identityCenterBound(s.identityCenter, l) } : {}),
  };
}
