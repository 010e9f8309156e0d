import type { GroundTruth, PlantedViolation } from '../ground-truth.js';
import type { AwsSimAccount, AwsSimState } from './aws-state.js';
import { awsManagedPolicy } from './aws-managed-policies.js';
import type { SimGrants, SimInlinePolicy, SimUser } from './iam-state.js';

/** The check defaults the truth is computed with (the checks' own documented defaults). */
export const AWS_IAM_TRUTH_DEFAULTS = {
  rootRecentDays: 30,
  keyMaxAgeDays: 90,
  unusedDays: 45,
  maxAdministrators: 5,
  minimumLength: 14,
  reusePrevention: 24,
};

const DAY = 86_400_000;
const userArn = (a: AwsSimAccount, u: SimUser) => `arn:aws:iam::${a.id}:user${u.path}${u.name}`;

/** What each planted policy is meant to grant (facts of the world, not a reading of the documents). */
function grantsOf(a: AwsSimAccount, attached: string[], inline: SimInlinePolicy[]): SimGrants[] {
  const managed = attached.map((arn) => (awsManagedPolicy(arn) ?? a.iam.policies.find((p) => p.arn === arn))?.grants);
  return [...managed, ...inline.map((p) => p.grants)].filter((g): g is SimGrants => g !== undefined);
}
const isAdmin = (gs: SimGrants[]) => gs.some((g) => g.admin !== undefined);
const isFullAdmin = (gs: SimGrants[]) => gs.some((g) => g.admin === 'yes');
/** Full AI access, not counting full administrators (aws-iam-admin-principals lists those). */
const hasAi = (gs: SimGrants[]) => gs.some((g) => g.ai !== undefined);

/** What the aws-iam checks must flag in `state`, from the simulated world's facts (not from API answers). */
export function awsIamTruth(state: AwsSimState): GroundTruth {
  const now = Date.parse(state.now);
  const days = (iso: string) => Math.floor((now - Date.parse(iso)) / DAY);
  const d = AWS_IAM_TRUTH_DEFAULTS;
  const t: Record<string, PlantedViolation[]> = {
    'aws-iam-root-mfa-enabled': [],
    'aws-iam-root-no-access-keys': [],
    'aws-iam-root-not-used-recently': [],
    'aws-iam-console-users-mfa': [],
    'aws-iam-access-keys-rotated': [],
    'aws-iam-unused-credentials-disabled': [],
    'aws-iam-single-active-access-key': [],
    'aws-iam-admin-principals': [],
    'aws-iam-admin-count': [],
    'aws-iam-no-user-policies': [],
    'aws-iam-password-policy': [],
    'aws-iam-ai-full-access': [],
  };
  const add = (check: string, a: AwsSimAccount, resourceId: string) => t[check]!.push({ scopeId: a.id, resourceId });
  for (const a of state.accounts.filter((x) => x.status === 'ACTIVE')) {
    const { iam } = a;
    const root = `arn:aws:iam::${a.id}:root`;
    // A member root without credentials under centralized root access is not applicable, not a failure.
    const central =
      a.id !== state.managementAccountId &&
      (state.accounts.find((x) => x.id === state.managementAccountId)?.iam.organizationsFeatures ?? []).includes(
        'RootCredentialsManagement',
      ) &&
      !iam.root.password &&
      iam.root.accessKeys.length === 0;
    if (!iam.root.mfa && !central) add('aws-iam-root-mfa-enabled', a, root);
    if (iam.root.accessKeys.length > 0) add('aws-iam-root-no-access-keys', a, root);
    const rootUses = [iam.root.passwordLastUsed, ...iam.root.accessKeys.map((k) => k.lastUsed)].filter(
      (x): x is string => x !== null,
    );
    if (rootUses.some((u) => days(u) < d.rootRecentDays)) add('aws-iam-root-not-used-recently', a, root);
    const pp = iam.passwordPolicy;
    const consoleUsers = iam.users.some((u) => u.password.enabled);
    if (
      consoleUsers &&
      (!pp || pp.MinimumPasswordLength < d.minimumLength || (pp.PasswordReusePrevention ?? 0) < d.reusePrevention)
    )
      add('aws-iam-password-policy', a, a.id);

    const groupGrants = new Map(iam.groups.map((g) => [g.name, grantsOf(a, g.attachedPolicyArns, g.inlinePolicies)]));
    let admins = 0;
    for (const u of iam.users) {
      const arn = userArn(a, u);
      if (u.password.enabled && !u.mfa) add('aws-iam-console-users-mfa', a, arn);
      u.accessKeys.forEach((k, i) => {
        if (k.active && days(k.lastRotated) > d.keyMaxAgeDays)
          add('aws-iam-access-keys-rotated', a, `${arn}#access_key_${i + 1}`);
      });
      const pwUnused =
        u.password.enabled && days(u.password.lastUsed ?? u.password.lastChanged ?? u.createDate) >= d.unusedDays;
      const keyUnused = u.accessKeys.some((k) => k.active && days(k.lastUsed ?? k.lastRotated) >= d.unusedDays);
      if (pwUnused || keyUnused) add('aws-iam-unused-credentials-disabled', a, arn);
      if (u.accessKeys.filter((k) => k.active).length > 1) add('aws-iam-single-active-access-key', a, arn);
      if (u.attachedPolicyArns.length > 0 || u.inlinePolicies.length > 0) add('aws-iam-no-user-policies', a, arn);
      const own = grantsOf(a, u.attachedPolicyArns, u.inlinePolicies);
      const all = [...own, ...u.groups.flatMap((g) => groupGrants.get(g) ?? [])];
      if (isAdmin(own)) add('aws-iam-admin-principals', a, arn);
      if (isAdmin(all)) admins++;
      if (hasAi(own) && !isFullAdmin(all)) add('aws-iam-ai-full-access', a, arn);
    }
    admins += iam.roles.filter((r) => isAdmin(grantsOf(a, r.attachedPolicyArns, r.inlinePolicies))).length;
    if (admins > d.maxAdministrators) add('aws-iam-admin-count', a, a.id);
  }
  return t;
}
