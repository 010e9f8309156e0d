import {
  ListAccountAssignmentsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
} from '@aws-sdk/client-sso-admin';
import type { CallFn } from '../../src/model/collector.js';
import type { IdentityCenterAssignment } from '../../src/model/datasets/aws-identity-center.js';
import { allPages, IC_PAGE_SIZE } from './aws-identity-center-pages.js';
import type { IdentityCenterClients } from './aws-identity-center-clients.js';

/**
 * Every account assignment, by permission set: ListAccountsForProvisionedPermissionSet per set, then
 * ListAccountAssignments per (set, provisioned account) pair. P + Σ pairs calls (one page each below 100 items),
 * whatever the number of users; per principal (ListAccountAssignmentsForPrincipal) would cost one call per user and
 * group, more in any directory larger than its permission sets × accounts. An assignment can exist only where its
 * permission set is provisioned, so no account is missed.
 */
export async function listAssignments(
  call: CallFn,
  c: IdentityCenterClients,
  instanceArn: string,
  permissionSetArns: readonly string[],
): Promise<IdentityCenterAssignment[]> {
  const opts = { abortSignal: c.signal };
  const perSet = await Promise.all(
    permissionSetArns.map(async (arn) => {
      const accounts = await c.limit(() =>
        call('sso:ListAccountsForProvisionedPermissionSet', () =>
          allPages(
            'sso:ListAccountsForProvisionedPermissionSet',
            (token) =>
              c.sso.send(
                new ListAccountsForProvisionedPermissionSetCommand({
                  InstanceArn: instanceArn,
                  PermissionSetArn: arn,
                  MaxResults: IC_PAGE_SIZE,
                  ...(token ? { NextToken: token } : {}),
                }),
                opts,
              ),
            (p) => p.AccountIds,
          ),
        ),
      );
      const lists = await Promise.all(
        accounts.map((accountId) =>
          c.limit(() =>
            call('sso:ListAccountAssignments', () =>
              allPages(
                'sso:ListAccountAssignments',
                (token) =>
                  c.sso.send(
                    new ListAccountAssignmentsCommand({
                      InstanceArn: instanceArn,
                      AccountId: accountId,
                      PermissionSetArn: arn,
                      MaxResults: IC_PAGE_SIZE,
                      ...(token ? { NextToken: token } : {}),
                    }),
                    opts,
                  ),
                (p) => p.AccountAssignments,
              ),
            ),
          ),
        ),
      );
      return lists.flat().map((a): IdentityCenterAssignment => {
        if (!a.AccountId || !a.PrincipalId || (a.PrincipalType !== 'USER' && a.PrincipalType !== 'GROUP'))
          throw new Error(
            `ListAccountAssignments returned an assignment without its account or a USER or GROUP principal for ${arn}`,
          );
        return {
          accountId: a.AccountId,
          permissionSetArn: a.PermissionSetArn ?? arn,
          principalType: a.PrincipalType,
          principalId: a.PrincipalId,
        };
      });
    }),
  );
  return perSet.flat();
}
