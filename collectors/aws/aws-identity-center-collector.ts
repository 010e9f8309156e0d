import { defineCollector } from '../../src/model/collector.js';
import type { AwsSourceConfig } from '../../src/model/config/aws-config.js';
import { awsIdentityCenterDatasets } from '../../src/model/datasets/aws-identity-center.js';
import type { DatasetKey } from '../../src/model/datasets/index.js';
import type { Scope } from '../../src/model/scope.js';
import { CollectorError } from '../../src/errors.js';
import { failAllDatasets } from './aws-accounts.js';
import { identityCenterClients } from './aws-identity-center-clients.js';
import { listGroups, listUsers } from './aws-identity-center-directory.js';
import { describePermissionSets, listPermissionSetArns } from './aws-identity-center-permission-sets.js';
import { listAssignments } from './aws-identity-center-assignments.js';
import { awsIdentityCenterPermissions } from './aws-identity-center-permissions.js';
import { baseCredentials, findInstance, identityCenterCredentials } from './aws-identity-center-session.js';

/** One snapshot for the organization's Identity Center (the scope the engine gives a failed collector, too). */
export const IDENTITY_CENTER_SCOPE: Scope = {
  kind: 'global',
  id: 'aws-identity-center',
  name: 'AWS IAM Identity Center',
};
const KEYS = Object.keys(awsIdentityCenterDatasets) as DatasetKey[];

/** A value later datasets wait on, or the failed call that should have produced it (re-thrown to them). */
function deferred<T>() {
  let settle!: (v: T | CollectorError) => void;
  const promise = new Promise<T | CollectorError>((r) => (settle = r));
  return {
    settle,
    async get(): Promise<T> {
      const v = await promise;
      if (v instanceof CollectorError) throw new CollectorError(v.message, v.operation, v.status, { cause: v });
      return v;
    },
  };
}

const asCollectorError = (err: unknown, operation: string): CollectorError =>
  err instanceof CollectorError ? err : new CollectorError(String(err), operation, undefined, { cause: err });

/**
 * IAM Identity Center, read in its region from the management account (the base credentials) or the delegated
 * administrator (`identityCenter.account`, through the audit role). Requests for U users, G groups with m_g members,
 * P permission sets provisioned to a_p accounts, M distinct AWS managed policies, all below 100 a page:
 * 1 + ⌈U/100⌉ + ⌈G/100⌉ + Σ_g ⌈max(m_g,1)/100⌉ + ⌈P/100⌉ + 4·P + 2·M + P + Σ_p a_p (+1 sts:AssumeRole).
 */
export const awsIdentityCenterCollector = defineCollector<AwsSourceConfig>({
  id: 'aws-identity-center',
  source: 'aws',
  title:
    'AWS IAM Identity Center: instance, users, groups and members, permission sets and what they grant, account assignments',
  permissions: awsIdentityCenterPermissions,
  schema: awsIdentityCenterDatasets,
  organizationLevel: true,
  async collect(ctx) {
    const ic = ctx.config.identityCenter;
    await ctx.scope(IDENTITY_CENTER_SCOPE, async (rec) => {
      if (!ic) {
        for (const key of KEYS)
          rec.notApplicable(
            key,
            'sources.aws.identityCenter',
            'IAM Identity Center is not read: sources.aws.identityCenter is not set',
          );
        return;
      }
      let credentials = baseCredentials(ctx);
      if (ic.account) {
        try {
          credentials = await identityCenterCredentials(ctx, ic.account);
        } catch (err) {
          await failAllDatasets(rec, KEYS, 'sts:AssumeRole', err);
          return;
        }
      }
      const c = identityCenterClients(ctx, ic.region, credentials);
      const instance = deferred<Awaited<ReturnType<typeof findInstance>>>();
      const permissionSetArns = deferred<string[]>();
      try {
        const users = rec.dataset('aws-identity-center.users', async (call) => {
          const { IdentityStoreId } = await instance.get();
          return call('identitystore:ListUsers', () => listUsers(c, IdentityStoreId));
        });
        await Promise.all([
          rec.dataset('aws-identity-center.instance', async (call) => {
            try {
              instance.settle(await call('sso:ListInstances', () => findInstance(c, ic.region, ic.instanceArn)));
            } catch (err) {
              instance.settle(asCollectorError(err, 'sso:ListInstances'));
              throw err;
            }
            const i = await instance.get();
            if (!i.OwnerAccountId) throw new Error('ListInstances returned the instance without OwnerAccountId');
            // The only sign of the identity source a read API gives: SCIM-provisioned users carry ExternalIds.
            const scim = (await users)?.some((u) => u.externalIds.length > 0) === true;
            return {
              instanceArn: i.InstanceArn,
              identityStoreId: i.IdentityStoreId,
              region: ic.region,
              ownerAccountId: i.OwnerAccountId,
              ...(i.Name ? { name: i.Name } : {}),
              ...(i.Status ? { status: i.Status } : {}),
              identitySource: scim ? ('scim' as const) : ('unknown' as const),
            };
          }),
          users,
          rec.dataset('aws-identity-center.groups', async (call) =>
            listGroups(call, c, (await instance.get()).IdentityStoreId),
          ),
          rec.dataset('aws-identity-center.permission-sets', async (call) => {
            let arns: string[];
            try {
              const { InstanceArn } = await instance.get();
              arns = await call('sso:ListPermissionSets', () => listPermissionSetArns(c, InstanceArn));
              permissionSetArns.settle(arns);
            } catch (err) {
              permissionSetArns.settle(asCollectorError(err, 'sso:ListPermissionSets'));
              throw err;
            }
            return describePermissionSets(call, c, (await instance.get()).InstanceArn, arns);
          }),
          rec.dataset('aws-identity-center.assignments', async (call) => {
            const { InstanceArn } = await instance.get();
            return listAssignments(call, c, InstanceArn, await permissionSetArns.get());
          }),
        ]);
      } finally {
        c.destroy();
      }
    });
  },
});
