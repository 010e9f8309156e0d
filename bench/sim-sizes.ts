import type { SimulatedOrganization } from '../sim/organization.js';
import { activeBranchRules } from '../sim/github/github-branch-rules.js';
import { membersOf } from '../sim/github/github-state.js';
import { REPORT_REUSE_MS } from '../sim/aws/iam-actions.js';
import { GENERIC_SECRET_TYPES } from '../collectors/github/github-secret-types.js';

/** What one GitHub organization holds, in the units its paging formula counts. */
export interface GithubOrgSizes {
  members: number;
  membersWithout2fa: number;
  membersWithInsecure2fa: number;
  owners: number;
  outsideCollaborators: number;
  outsideCollaboratorsWithout2fa: number;
  repositories: number;
  orgRulesets: number;
  repoRulesets: number;
  providerAlerts: number;
  genericAlerts: number;
  /** Pull requests merged within a first run's 30-day lookback (one search page per 100). */
  mergedPullRequests: number;
  /** SAML identities claimed by members (one query page per 100; one page when the org has no SAML). */
  samlIdentities: number;
}

export interface AwsAccountSizes {
  iamEntities: number;
  virtualMfaDevices: number;
  /** GetCredentialReport answers "in progress" this many times after the report is started. */
  credentialReportPolls: number;
  /** A report under four hours old exists: GenerateCredentialReport answers COMPLETE and the collector gets it at once. */
  credentialReportReady: boolean;
  /** Regions enabled for the account (all read: the bench config sets no `regions`). */
  regions: number;
  regionsIncludeUsEast1: boolean;
  uniqueTrails: number;
  buckets: number;
  /**
   * Public-access reads the account's block does not make moot: the bucket's block, then policy status unless a
   * block restricts public buckets, and ACL unless a block ignores public ACLs.
   */
  publicAccessReads: number;
  /** Policy statuses read that omit IsPublic (GetBucketPolicy read as well). */
  policyReads: number;
  /** Distinct default-encryption KMS keys named by id or ARN (DescribeKey once each). */
  kmsKeys: number;
}

export interface GoogleSizes {
  users: number;
  roles: number;
  roleAssignments: number;
  /** Members of each group read: executive groups and groups holding a role. */
  groupMembers: number[];
  /** Admin and token events per activity list the collector reads (suspend, delete, archive, authorize, revoke). */
  activityEvents: number[];
  tokenInventory: boolean;
}

/** IAM Identity Center, in the units of the collector's budget. */
export interface IdentityCenterSizes {
  users: number;
  groups: number;
  /** Members of each group. */
  groupMembers: number[];
  permissionSets: number;
  /** Σ over permission sets of the accounts each is provisioned to. */
  provisionedPairs: number;
  /** Distinct AWS managed policies attached to permission sets (GetPolicy + GetPolicyVersion each). */
  awsManagedPolicies: number;
}

/** The simulated organization's own counts, from which the bench derives each collector's paging minimum. */
export interface SimSizes {
  github: GithubOrgSizes[];
  aws: { accounts: AwsAccountSizes[]; breakGlassRoles: number };
  google: GoogleSizes;
  identityCenter?: IdentityCenterSizes;
}

const ENABLED = new Set(['ENABLED', 'ENABLED_BY_DEFAULT']);
const ACTIVITY_EVENTS = ['SUSPEND_USER', 'DELETE_USER', 'ARCHIVE_USER', 'authorize', 'revoke'];

/** Counts read from the simulator's state (run in the simulator's process). */
export function simSizes(sim: SimulatedOrganization): SimSizes {
  const gh = sim.github.state;
  const lookbackFrom = Date.now() - 30 * 86_400_000;
  const github = gh.orgs.map((o): GithubOrgSizes => {
    const code = gh.code[o.login]!;
    const members = membersOf(gh, o);
    const logins = new Set(members.map((m) => m.login));
    const outside = new Set(
      code.repos.flatMap((r) => r.collaborators.map((c) => c.login)).filter((l) => !logins.has(l)),
    );
    const repoRulesets = new Set(
      code.repos.flatMap((r) =>
        activeBranchRules(code, r)
          .filter((x) => x.ruleset.source === 'Repository')
          .map((x) => x.ruleset.id),
      ),
    );
    const open = code.alerts.filter((a) => a.state === 'open');
    const generic = open.filter((a) => GENERIC_SECRET_TYPES.includes(a.secretType)).length;
    return {
      members: members.length,
      membersWithout2fa: members.filter((m) => m.twoFactor === 'disabled').length,
      membersWithInsecure2fa: members.filter((m) => m.twoFactor === 'insecure').length,
      owners: members.filter((m) => m.role === 'admin').length,
      outsideCollaborators: outside.size,
      outsideCollaboratorsWithout2fa: gh.users.filter((u) => outside.has(u.login) && u.twoFactor === 'disabled').length,
      repositories: code.repos.length,
      orgRulesets: code.rulesets.length,
      repoRulesets: repoRulesets.size,
      providerAlerts: open.length - generic,
      genericAlerts: generic,
      mergedPullRequests: (gh.pulls[o.login] ?? []).filter((p) => Date.parse(p.mergedAt) >= lookbackFrom).length,
      samlIdentities: (gh.identity?.[o.login]?.saml ?? []).filter((i) => i.login !== null && logins.has(i.login))
        .length,
    };
  });
  const accounts = sim.aws.state.accounts
    .filter((a) => a.status === 'ACTIVE')
    .map((a): AwsAccountSizes => {
      const enabled = Object.entries(a.regions).filter(([, s]) => ENABLED.has(s));
      const account = a.s3.accountPublicAccessBlock;
      const unsettled = account?.RestrictPublicBuckets && account.IgnorePublicAcls ? [] : a.s3.buckets;
      const statusRead = unsettled.filter(
        (b) => !account?.RestrictPublicBuckets && !b.publicAccessBlock?.RestrictPublicBuckets,
      );
      const aclRead = unsettled.filter((b) => !account?.IgnorePublicAcls && !b.publicAccessBlock?.IgnorePublicAcls);
      return {
        iamEntities: a.iam.users.length + a.iam.groups.length + a.iam.roles.length + a.iam.policies.length,
        credentialReportPolls: a.iam.credentialReport.pollsToComplete,
        credentialReportReady:
          a.iam.credentialReport.generatedAt !== null &&
          Date.parse(sim.aws.state.now) - Date.parse(a.iam.credentialReport.generatedAt) < REPORT_REUSE_MS,
        virtualMfaDevices: [a.iam.root.mfa, ...a.iam.users.map((u) => u.mfa)].filter((m) => m?.kind === 'virtual')
          .length,
        regions: enabled.length,
        regionsIncludeUsEast1: enabled.some(([r]) => r === 'us-east-1'),
        uniqueTrails: a.cloudtrail.trails.length,
        buckets: a.s3.buckets.length,
        publicAccessReads: unsettled.length + statusRead.length + aclRead.length,
        policyReads: statusRead.filter((b) => b.policy?.statusOmitsIsPublic === true).length,
        kmsKeys: new Set(
          a.s3.buckets.map((b) => b.encryption.kmsKeyId).filter((k) => k !== undefined && !k.startsWith('alias/')),
        ).size,
      };
    });
  const g = sim.google.state;
  const d = sim.google.designations;
  const ic = sim.aws.state.identityCenter;
  const roleGroups = new Set(g.roleAssignments.filter((r) => r.assigneeType === 'group').map((r) => r.assignedTo));
  const groupMembers = g.groups
    .filter((x) => d.executives.groups.includes(x.email) || roleGroups.has(x.id))
    .map((x) => x.members.length);
  return {
    github,
    aws: { accounts, breakGlassRoles: sim.aws.breakGlassRoles.length },
    google: {
      users: g.users.length,
      roles: g.roles.length,
      roleAssignments: g.roleAssignments.length,
      groupMembers,
      activityEvents: ACTIVITY_EVENTS.map((name) => g.activities.filter((e) => e.event.name === name).length),
      tokenInventory: d.tokenInventory,
    },
    ...(ic
      ? {
          identityCenter: {
            users: ic.users.length,
            groups: ic.groups.length,
            groupMembers: ic.groups.map((x) => x.members.length),
            permissionSets: ic.permissionSets.length,
            provisionedPairs: Object.values(ic.provisioned).reduce((n, a) => n + a.length, 0),
            awsManagedPolicies: new Set(
              ic.permissionSets.flatMap((p) => p.managedPolicyArns.filter((a) => a.startsWith('arn:aws:iam::aws:'))),
            ).size,
          },
        }
      : {}),
  };
}
