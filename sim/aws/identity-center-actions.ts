import { AwsSimError } from './aws-protocol.js';
import type { AwsAction, AwsCall } from './aws-route-table.js';
import type { IdentityCenterState, SimIcUser } from './identity-center-state.js';

/** JSON 1.1, `X-Amz-Target: SWBExternalService.<Action>`, signing name `sso`. */
const SSO = { protocol: 'json', service: 'sso', targetPrefix: 'SWBExternalService' } as const;
/** JSON 1.1, `X-Amz-Target: AWSIdentityStore.<Action>`. */
const STORE = { protocol: 'json', service: 'identitystore', targetPrefix: 'AWSIdentityStore' } as const;
/** Both APIs cap MaxResults at 100; without it they answer fewer. */
const MAX_PAGE = 100;
const DEFAULT_PAGE = 50;

const epoch = (iso: string) => Date.parse(iso) / 1000;

/** A NextToken page of `items`; the token is opaque to clients (an offset here). */
function page<T>(
  items: readonly T[],
  json: { MaxResults?: unknown; NextToken?: unknown },
): { items: T[]; next?: string } {
  const max = json.MaxResults ?? DEFAULT_PAGE;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_PAGE)
    throw new AwsSimError(
      'ValidationException',
      `1 validation error detected: Value '${JSON.stringify(max)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PAGE}`,
    );
  const token = typeof json.NextToken === 'string' ? json.NextToken : undefined;
  const start = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw new AwsSimError('ValidationException', 'The NextToken is invalid.');
  const end = start + max;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { next: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}

/**
 * The instance the caller may read: only the owner account, only in the instance's region (Identity Center is
 * regional; elsewhere the instance does not exist).
 */
function instanceFor(call: AwsCall): IdentityCenterState | undefined {
  const ic = call.state.identityCenter;
  if (!ic || call.region !== ic.region) return undefined;
  if (call.account.id !== ic.ownerAccountId)
    throw new AwsSimError('AccessDeniedException', 'User is not authorized to perform this operation.', 400);
  return ic;
}

function requireInstance(call: AwsCall): IdentityCenterState {
  const ic = instanceFor(call);
  const arn = (call.json as { InstanceArn?: unknown }).InstanceArn;
  if (!ic || arn !== ic.instanceArn)
    throw new AwsSimError('ResourceNotFoundException', `The instance ${String(arn)} does not exist.`, 400);
  return ic;
}

function requireStore(call: AwsCall): IdentityCenterState {
  const ic = instanceFor(call);
  const id = (call.json as { IdentityStoreId?: unknown }).IdentityStoreId;
  if (!ic || id !== ic.identityStoreId)
    throw new AwsSimError('ResourceNotFoundException', `Identity store ${String(id)} not found.`, 400);
  return ic;
}

function permissionSet(ic: IdentityCenterState, call: AwsCall) {
  const arn = (call.json as { PermissionSetArn?: unknown }).PermissionSetArn;
  const ps = ic.permissionSets.find((p) => p.arn === arn);
  if (!ps) throw new AwsSimError('ResourceNotFoundException', `Permission set ${String(arn)} does not exist.`, 400);
  return ps;
}

const userJson = (ic: IdentityCenterState, u: SimIcUser) => ({
  IdentityStoreId: ic.identityStoreId,
  UserId: u.userId,
  UserName: u.userName,
  ...(u.externalIds.length > 0 ? { ExternalIds: u.externalIds.map((e) => ({ Issuer: e.issuer, Id: e.id })) } : {}),
  Name: { GivenName: u.givenName, FamilyName: u.familyName, Formatted: u.displayName },
  DisplayName: u.displayName,
  Emails: u.emails.map((e) => ({ Value: e.value, Type: e.type, Primary: e.primary })),
  UserStatus: u.status,
  Locale: 'en-US',
});

/**
 * IAM Identity Center (sso-admin) and its identity store, read-only.
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/welcome.html
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/welcome.html
 */
export function identityCenterActions(): AwsAction[] {
  return [
    {
      ...SSO,
      action: 'ListInstances',
      handle: (call) => {
        const ic = instanceFor(call);
        const p = page(ic ? [ic] : [], call.json as object);
        return {
          Instances: p.items.map((i) => ({
            InstanceArn: i.instanceArn,
            IdentityStoreId: i.identityStoreId,
            OwnerAccountId: i.ownerAccountId,
            Name: i.name,
            CreatedDate: epoch(i.createdDate),
            Status: 'ACTIVE',
          })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      },
    },
    {
      ...SSO,
      action: 'ListPermissionSets',
      handle: (call) => {
        const p = page(requireInstance(call).permissionSets, call.json as object);
        return { PermissionSets: p.items.map((x) => x.arn), ...(p.next ? { NextToken: p.next } : {}) };
      },
    },
    {
      ...SSO,
      action: 'DescribePermissionSet',
      handle: (call) => {
        const ps = permissionSet(requireInstance(call), call);
        return {
          PermissionSet: {
            Name: ps.name,
            PermissionSetArn: ps.arn,
            ...(ps.description ? { Description: ps.description } : {}),
            CreatedDate: epoch(ps.createdDate),
            SessionDuration: ps.sessionDuration,
          },
        };
      },
    },
    {
      ...SSO,
      action: 'ListManagedPoliciesInPermissionSet',
      handle: (call) => {
        const ps = permissionSet(requireInstance(call), call);
        const p = page(ps.managedPolicyArns, call.json as object);
        return {
          AttachedManagedPolicies: p.items.map((arn) => ({ Arn: arn, Name: arn.split('/').pop() })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      },
    },
    {
      ...SSO,
      action: 'ListCustomerManagedPolicyReferencesInPermissionSet',
      handle: (call) => {
        const ps = permissionSet(requireInstance(call), call);
        const p = page(ps.customerManagedPolicies, call.json as object);
        return {
          CustomerManagedPolicyReferences: p.items.map((r) => ({ Name: r.name, Path: r.path })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      },
    },
    {
      ...SSO,
      action: 'GetInlinePolicyForPermissionSet',
      // No inline policy: an empty answer, as AWS gives.
      handle: (call) => {
        const ps = permissionSet(requireInstance(call), call);
        return ps.inlinePolicy ? { InlinePolicy: JSON.stringify(ps.inlinePolicy) } : {};
      },
    },
    {
      ...SSO,
      action: 'ListAccountsForProvisionedPermissionSet',
      handle: (call) => {
        const ic = requireInstance(call);
        const ps = permissionSet(ic, call);
        const p = page(ic.provisioned[ps.arn] ?? [], call.json as object);
        return { AccountIds: p.items, ...(p.next ? { NextToken: p.next } : {}) };
      },
    },
    {
      ...SSO,
      action: 'ListAccountAssignments',
      handle: (call) => {
        const ic = requireInstance(call);
        const ps = permissionSet(ic, call);
        const accountId = (call.json as { AccountId?: unknown }).AccountId;
        if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId))
          throw new AwsSimError('ValidationException', 'AccountId must be a 12-digit account id.');
        const list = ic.assignments.filter((a) => a.accountId === accountId && a.permissionSetArn === ps.arn);
        const p = page(list, call.json as object);
        return {
          AccountAssignments: p.items.map((a) => ({
            AccountId: a.accountId,
            PermissionSetArn: a.permissionSetArn,
            PrincipalType: a.principalType,
            PrincipalId: a.principalId,
          })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      },
    },
    {
      ...STORE,
      action: 'ListUsers',
      handle: (call) => {
        const ic = requireStore(call);
        const p = page(ic.users, call.json as object);
        return { Users: p.items.map((u) => userJson(ic, u)), ...(p.next ? { NextToken: p.next } : {}) };
      },
    },
    {
      ...STORE,
      action: 'ListGroups',
      handle: (call) => {
        const ic = requireStore(call);
        const p = page(ic.groups, call.json as object);
        return {
          Groups: p.items.map((g) => ({
            IdentityStoreId: ic.identityStoreId,
            GroupId: g.groupId,
            DisplayName: g.displayName,
            ...(g.description ? { Description: g.description } : {}),
            ExternalIds: g.externalIds.map((e) => ({ Issuer: e.issuer, Id: e.id })),
          })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      },
    },
    {
      ...STORE,
      action: 'ListGroupMemberships',
      handle: (call) => {
        const ic = requireStore(call);
        const groupId = (call.json as { GroupId?: unknown }).GroupId;
        const g = ic.groups.find((x) => x.groupId === groupId);
        if (!g) throw new AwsSimError('ResourceNotFoundException', `Group ${String(groupId)} not found.`, 400);
        const p = page(g.members, call.json as object);
        return {
          GroupMemberships: p.items.map((userId) => ({
            IdentityStoreId: ic.identityStoreId,
            MembershipId: `${g.groupId.slice(0, 10)}-m-${userId.slice(-12)}`,
            GroupId: g.groupId,
            MemberId: { UserId: userId },
          })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      },
    },
  ];
}
