import type { GroundTruth } from '../ground-truth.js';
import type { AwsSimState } from './aws-state.js';
import type { IdentityCenterState, SimIcUser } from './identity-center-state.js';

/** The scope the aws-identity-center collector reports under. */
export const IC_SCOPE_ID = 'aws-identity-center';
/** aws-identity-center-admin-count's default maximum. */
const MAX_ADMINISTRATORS = 5;

/** How one Identity Center user holds an administrator permission set in one account. */
export interface IcAdminGrant {
  userId: string;
  userName: string;
  email: string;
  accountId: string;
  permissionSet: string;
  /** `direct` (a user assignment) or the group's display name. */
  via: 'direct' | { group: string };
}

/**
 * People-related facts of the simulated Identity Center, for the identity graph and its tests: who holds an
 * administrator or AI full-access permission set (and how), who is disabled, and who is still enabled here although
 * suspended in the Workspace (users are provisioned from the Workspace people, matched by email and ExternalId).
 */
export interface IdentityCenterPeopleFacts {
  admins: IcAdminGrant[];
  aiFullAccess: IcAdminGrant[];
  disabledUserIds: string[];
  /** Users without an ExternalId: created in Identity Center by hand, no IdP person behind them. */
  localUserIds: string[];
  /** userIds of users matching a suspended Workspace person's email (given the suspended emails). */
  enabledButSuspendedInIdp: (suspendedEmails: readonly string[]) => string[];
}

function grantsOf(ic: IdentityCenterState, kind: 'admin' | 'ai'): IcAdminGrant[] {
  const users = new Map(ic.users.map((u) => [u.userId, u]));
  const out: IcAdminGrant[] = [];
  for (const a of ic.assignments) {
    const ps = ic.permissionSets.find((p) => p.arn === a.permissionSetArn);
    if (!ps?.grants?.[kind] && !(kind === 'ai' && ps?.grants?.admin)) continue;
    const group = a.principalType === 'GROUP' ? ic.groups.find((g) => g.groupId === a.principalId) : undefined;
    const holders = group ? group.members : [a.principalId];
    for (const id of holders) {
      const u = users.get(id);
      if (!u) continue;
      out.push({
        userId: id,
        userName: u.userName,
        email: u.emails[0]?.value ?? '',
        accountId: a.accountId,
        permissionSet: ps.name,
        via: group ? { group: group.displayName } : 'direct',
      });
    }
  }
  return out;
}

export function identityCenterPeopleFacts(state: AwsSimState): IdentityCenterPeopleFacts | undefined {
  const ic = state.identityCenter;
  if (!ic) return undefined;
  const email = (u: SimIcUser) => u.emails[0]?.value.toLowerCase() ?? '';
  return {
    admins: grantsOf(ic, 'admin'),
    aiFullAccess: grantsOf(ic, 'ai'),
    disabledUserIds: ic.users.filter((u) => u.status === 'DISABLED').map((u) => u.userId),
    localUserIds: ic.users.filter((u) => u.externalIds.length === 0).map((u) => u.userId),
    enabledButSuspendedInIdp: (suspended) => {
      const s = new Set(suspended.map((e) => e.toLowerCase()));
      return ic.users.filter((u) => u.status === 'ENABLED' && s.has(email(u))).map((u) => u.userId);
    },
  };
}

/**
 * What the Identity Center checks must flag: each user assigned an administrator permission set directly, and the
 * instance when more people than the default maximum hold one. Covered (empty) when the instance has none.
 */
export function identityCenterTruth(state: AwsSimState): GroundTruth {
  const facts = identityCenterPeopleFacts(state);
  if (!facts) return {};
  const direct = [...new Set(facts.admins.filter((g) => g.via === 'direct').map((g) => g.userId))];
  const holders = new Set(facts.admins.map((g) => g.userId));
  return {
    'aws-identity-center-no-direct-admin-user-assignments': direct.map((resourceId) => ({
      scopeId: IC_SCOPE_ID,
      resourceId,
    })),
    'aws-identity-center-admin-count':
      holders.size > MAX_ADMINISTRATORS ? [{ scopeId: IC_SCOPE_ID, resourceId: IC_SCOPE_ID }] : [],
  };
}
