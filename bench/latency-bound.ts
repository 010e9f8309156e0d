import { usEast1Lookups } from './paging-minimum.js';
import type { AwsAccountSizes, GithubOrgSizes, GoogleSizes, SimSizes } from './sim-sizes.js';

/** The declared concurrency and vendor rate limits the bound takes into account (assay's defaults). */
export interface BoundLimits {
  latencyMs: number;
  /** `sources.aws.accountConcurrency`. */
  accountConcurrency: number;
  /** CloudTrail LookupEvents per second, per account and region. */
  lookupsPerSecond: number;
  s3BucketConcurrency: number;
  githubRulesetDetailConcurrency: number;
  /** Octokit's throttling plugin spaces GraphQL requests (and writes) a second apart, across organizations. */
  githubGraphqlPerSecond: number;
  tokenInventoryConcurrency: number;
  tokenInventoryRequestsPerMinute: number;
}

export const DEFAULT_LIMITS: Omit<BoundLimits, 'latencyMs'> = {
  accountConcurrency: 4,
  lookupsPerSecond: 2,
  s3BucketConcurrency: 16,
  githubRulesetDetailConcurrency: 4,
  githubGraphqlPerSecond: 1,
  tokenInventoryConcurrency: 4,
  tokenInventoryRequestsPerMinute: 1200,
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

/** Organizations and lists read concurrently: the longest list, ruleset details after their list, ruleset batches after the repositories. */
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
  const graphql = orgs.reduce((n, o) => n + pages(o.repositories, 100) + Math.ceil(o.repoRulesets / 100), 0);
  const graphqlMs = spacedMs(graphql, l.githubGraphqlPerSecond, l.latencyMs);
  return {
    ms: Math.max(steps * l.latencyMs, graphqlMs),
    chain: `max(${steps} sequential pages of the longest list, ${graphql} GraphQL requests at ${l.githubGraphqlPerSecond}/s)`,
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

/**
 * The accounts in waves of `accountConcurrency`. Account discovery, AssumeRole and ListRegions are shared by the AWS
 * collectors (another may have paid for them), so no collector's bound counts them.
 */
function awsBound(accounts: readonly AwsAccountSizes[], l: BoundLimits, perAccountMs: (a: AwsAccountSizes) => number) {
  const waves = Math.ceil(accounts.length / l.accountConcurrency);
  const slowest = maxOf(accounts.map(perAccountMs));
  return { ms: waves * slowest, waves };
}

export function awsIamBound(accounts: readonly AwsAccountSizes[], l: BoundLimits): LatencyBound {
  const steps = (a: AwsAccountSizes) => Math.max(2, pages(a.iamEntities, 1000), pages(a.virtualMfaDevices, 1000));
  const { ms, waves } = awsBound(accounts, l, (a) => steps(a) * l.latencyMs);
  return { ms, chain: `${waves} account waves × max(report 2, ⌈entities/1000⌉, ⌈MFA/1000⌉) pages` };
}

export function awsCloudtrailBound(
  accounts: readonly AwsAccountSizes[],
  breakGlassRoles: number,
  l: BoundLimits,
): LatencyBound {
  const lookups = usEast1Lookups(breakGlassRoles);
  const region = Math.max(spacedMs(lookups, l.lookupsPerSecond, l.latencyMs), 3 * l.latencyMs);
  const { ms, waves } = awsBound(accounts, l, () => region);
  return {
    ms,
    chain: `${waves} account waves × ${lookups} us-east-1 lookups at ${l.lookupsPerSecond}/s`,
  };
}

export function awsS3Bound(accounts: readonly AwsAccountSizes[], l: BoundLimits): LatencyBound {
  const { ms, waves } = awsBound(accounts, l, (a) => (1 + Math.ceil(a.buckets / l.s3BucketConcurrency)) * l.latencyMs);
  return {
    ms,
    chain: `${waves} account waves × (ListBuckets + ⌈N/${l.s3BucketConcurrency}⌉ bucket rounds)`,
  };
}

export function awsBedrockBound(accounts: readonly AwsAccountSizes[], l: BoundLimits): LatencyBound {
  const { ms, waves } = awsBound(accounts, l, () => l.latencyMs);
  return { ms, chain: `${waves} account waves × 1 (the regions at once)` };
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
  };
}
