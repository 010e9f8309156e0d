import {
  ListGroupMembershipsCommand,
  ListGroupsCommand,
  ListUsersCommand,
  type ExternalId,
  type User,
} from '@aws-sdk/client-identitystore';
import type { CallFn } from '../../src/model/collector.js';
import type { IdentityCenterGroup, IdentityCenterUser } from '../../src/model/datasets/aws-identity-center.js';
import { allPages, IC_PAGE_SIZE } from './aws-identity-center-pages.js';
import type { IdentityCenterClients } from './aws-identity-center-clients.js';

const externalIds = (list: readonly ExternalId[] | undefined) =>
  (list ?? []).flatMap((e) => (e.Issuer && e.Id ? [{ issuer: e.Issuer, id: e.Id }] : []));

/** Lower-cased, de-duplicated, the primary address first. */
function emails(u: User): string[] {
  const list = [...(u.Emails ?? [])].sort((a, b) => Number(b.Primary === true) - Number(a.Primary === true));
  return [...new Set(list.flatMap((e) => (e.Value ? [e.Value.toLowerCase()] : [])))];
}

function toUser(u: User): IdentityCenterUser {
  if (!u.UserId) throw new Error('ListUsers returned a user without UserId');
  const status = u.UserStatus === 'ENABLED' || u.UserStatus === 'DISABLED' ? u.UserStatus : undefined;
  return {
    userId: u.UserId,
    userName: u.UserName ?? '',
    ...(u.DisplayName ? { displayName: u.DisplayName } : {}),
    emails: emails(u),
    ...(status ? { status } : {}),
    externalIds: externalIds(u.ExternalIds),
  };
}

/** identitystore ListUsers, 100 a page: ⌈users / 100⌉ calls. */
export const listUsers = (c: IdentityCenterClients, storeId: string): Promise<IdentityCenterUser[]> =>
  allPages(
    'identitystore:ListUsers',
    (token) =>
      c.store.send(
        new ListUsersCommand({
          IdentityStoreId: storeId,
          MaxResults: IC_PAGE_SIZE,
          ...(token ? { NextToken: token } : {}),
        }),
        { abortSignal: c.signal },
      ),
    (p) => p.Users,
  ).then((users) => users.map(toUser));

/**
 * identitystore ListGroups (⌈groups / 100⌉ calls), then ListGroupMemberships for each group (⌈members / 100⌉ calls,
 * at least one), `c.limit` at a time.
 */
export async function listGroups(
  call: CallFn,
  c: IdentityCenterClients,
  storeId: string,
): Promise<IdentityCenterGroup[]> {
  const opts = { abortSignal: c.signal };
  const groups = await call('identitystore:ListGroups', () =>
    allPages(
      'identitystore:ListGroups',
      (token) =>
        c.store.send(
          new ListGroupsCommand({
            IdentityStoreId: storeId,
            MaxResults: IC_PAGE_SIZE,
            ...(token ? { NextToken: token } : {}),
          }),
          opts,
        ),
      (p) => p.Groups,
    ),
  );
  return Promise.all(
    groups.map(async (g): Promise<IdentityCenterGroup> => {
      if (!g.GroupId) throw new Error('ListGroups returned a group without GroupId');
      const groupId = g.GroupId;
      const memberships = await c.limit(() =>
        call('identitystore:ListGroupMemberships', () =>
          allPages(
            'identitystore:ListGroupMemberships',
            (token) =>
              c.store.send(
                new ListGroupMembershipsCommand({
                  IdentityStoreId: storeId,
                  GroupId: groupId,
                  MaxResults: IC_PAGE_SIZE,
                  ...(token ? { NextToken: token } : {}),
                }),
                opts,
              ),
            (p) => p.GroupMemberships,
          ),
        ),
      );
      return {
        groupId,
        displayName: g.DisplayName ?? groupId,
        externalIds: externalIds(g.ExternalIds),
        memberUserIds: memberships.flatMap((m) => (m.MemberId?.UserId ? [m.MemberId.UserId] : [])),
      };
    }),
  );
}
