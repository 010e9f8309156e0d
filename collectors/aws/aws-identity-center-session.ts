import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ListInstancesCommand, type InstanceMetadata } from '@aws-sdk/client-sso-admin';
import type { CollectorContext } from '../../src/model/collector.js';
import type { AwsSourceConfig } from '../../src/model/config/aws-config.js';
import { awsClientConfig, type AwsCredentials } from './aws-client-config.js';
import { allPages, IC_PAGE_SIZE } from './aws-identity-center-pages.js';
import type { IdentityCenterClients } from './aws-identity-center-clients.js';

type Ctx = CollectorContext<AwsSourceConfig>;

/** The credentials assay starts from; undefined: the SDK default chain. */
export function baseCredentials(ctx: Ctx): AwsCredentials | undefined {
  const c = ctx.config.credentials;
  if (!c) return undefined;
  return {
    accessKeyId: ctx.secret(c.accessKeyId, 'sources.aws.credentials.accessKeyId'),
    secretAccessKey: ctx.secret(c.secretAccessKey, 'sources.aws.credentials.secretAccessKey'),
    ...(c.sessionToken ? { sessionToken: ctx.secret(c.sessionToken, 'sources.aws.credentials.sessionToken') } : {}),
  };
}

/**
 * The delegated administrator account's credentials, through the audit role the other AWS collectors assume
 * (`accounts.roleName`); the base credentials when no account is configured (they are the management account's).
 */
export async function identityCenterCredentials(ctx: Ctx, account: string): Promise<AwsCredentials | undefined> {
  const base = baseCredentials(ctx);
  const { accounts } = ctx.config;
  if (accounts.mode === 'default')
    throw new Error(
      `sources.aws.identityCenter.account is ${account}, but accounts.mode default names no role to enter it with: use accounts.mode list or organization (their roleName), or leave identityCenter.account unset to read with the base credentials`,
    );
  const home = ctx.config.regions?.[0] ?? 'us-east-1';
  const partition = home.startsWith('cn-') ? 'aws-cn' : home.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  const sts = new STSClient(awsClientConfig(ctx, { region: home, ...(base ? { credentials: base } : {}) }));
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:${partition}:iam::${account}:role/${accounts.roleName}`,
        RoleSessionName: 'assay-identity-center',
        DurationSeconds: 3600,
        ...(accounts.externalId
          ? { ExternalId: ctx.secret(accounts.externalId, 'sources.aws.accounts.externalId') }
          : {}),
      }),
      { abortSignal: ctx.signal },
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`sts:AssumeRole returned no credentials in ${account}`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    };
  } finally {
    sts.destroy();
  }
}

/**
 * The instance to read: the configured ARN, or the only one ListInstances returns. Identity Center is regional: no
 * instance in the configured region is an error, never an empty directory.
 */
export async function findInstance(
  c: IdentityCenterClients,
  region: string,
  instanceArn: string | undefined,
): Promise<InstanceMetadata & { InstanceArn: string; IdentityStoreId: string }> {
  const all = await allPages(
    'sso:ListInstances',
    (token) =>
      c.sso.send(new ListInstancesCommand({ MaxResults: IC_PAGE_SIZE, ...(token ? { NextToken: token } : {}) }), {
        abortSignal: c.signal,
      }),
    (p) => p.Instances,
  );
  const found = instanceArn ? all.filter((i) => i.InstanceArn === instanceArn) : all;
  const listed = all.map((i) => i.InstanceArn).join(', ');
  if (found.length === 0)
    throw new Error(
      instanceArn
        ? `ListInstances in ${region} does not list ${instanceArn} (it lists ${listed || 'no instance'}); check sources.aws.identityCenter.region and instanceArn`
        : `ListInstances found no IAM Identity Center instance in ${region}; set sources.aws.identityCenter.region to the instance's region`,
    );
  if (found.length > 1)
    throw new Error(
      `ListInstances in ${region} lists ${found.length} instances (${listed}); set sources.aws.identityCenter.instanceArn`,
    );
  const i = found[0]!;
  if (!i.InstanceArn || !i.IdentityStoreId)
    throw new Error('ListInstances returned an instance without its ARN or identity store');
  return { ...i, InstanceArn: i.InstanceArn, IdentityStoreId: i.IdentityStoreId };
}
