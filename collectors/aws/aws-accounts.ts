import pLimit from 'p-limit';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { CollectorContext, ScopeRecorder } from '../../src/model/collector.js';
import type { AwsSourceConfig } from '../../src/model/config/aws-config.js';
import type { DatasetKey } from '../../src/model/datasets/index.js';
import { CollectorError } from '../../src/errors.js';
import { describeAwsError } from './aws-errors.js';
import { awsClientConfig, s3ClientConfig, type AwsClientConfig, type AwsCredentials } from './aws-client-config.js';
import { accountRegions, listEnabledRegions, type AccountRegions } from './aws-account-regions.js';
import { PageGuard } from '../paging/page-guard.js';

export interface AwsAccount {
  id: string;
  name?: string;
}

/** One account as a collector sees it: its credentials and client configs for it. */
export interface AwsAccountSession {
  account: AwsAccount;
  /** Undefined: the SDK default credential chain (the account the process runs as). */
  credentials?: AwsCredentials;
  /**
   * The regions to read in this account: every enabled one (account:ListRegions), or those of `sources.aws.regions`
   * that are enabled. Listed once per account and run, shared by the collectors; rejects when the list cannot be read.
   */
  regions(): Promise<AccountRegions>;
  /** Region for global services (IAM, STS, Organizations): the first configured region, else us-east-1. */
  homeRegion: string;
  clientConfig(region?: string): AwsClientConfig;
  s3ClientConfig(region?: string): AwsClientConfig & { forcePathStyle: boolean };
}

interface Target {
  account: AwsAccount;
  /** Null: read with the base credentials; otherwise the role to assume. */
  roleArn: string | null;
}

type Ctx = CollectorContext<AwsSourceConfig>;
/** What run-wide (shared) calls may use: never one collector's abort signal, since other collectors await them too. */
export type SharedCtx = Pick<Ctx, 'config' | 'signal' | 'countRequest' | 'secret'>;

/** Shared calls are bounded by the per-request time limit and attempts, not by the first caller's time limit. */
const sharedCtx = (ctx: Ctx): SharedCtx => ({
  config: ctx.config,
  secret: ctx.secret,
  countRequest: () => {},
  signal: new AbortController().signal,
});

const partitionOf = (region: string): string =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
const SESSION_SECONDS = 3600;

function baseCredentials(ctx: Pick<Ctx, 'config' | 'secret'>): AwsCredentialIdentity | undefined {
  const c = ctx.config.credentials;
  if (!c) return undefined;
  return {
    accessKeyId: ctx.secret(c.accessKeyId, 'sources.aws.credentials.accessKeyId'),
    secretAccessKey: ctx.secret(c.secretAccessKey, 'sources.aws.credentials.secretAccessKey'),
    ...(c.sessionToken ? { sessionToken: ctx.secret(c.sessionToken, 'sources.aws.credentials.sessionToken') } : {}),
  };
}

/** Marks each dataset missing, naming `operation` and the error, so the scope's checks report `error`. */
export async function failAllDatasets(
  rec: ScopeRecorder,
  datasets: readonly DatasetKey[],
  operation: string,
  err: unknown,
): Promise<void> {
  await Promise.all(datasets.map((key) => rec.dataset(key, (call) => call(operation, () => Promise.reject(err)))));
}

async function resolveTargets(
  ctx: SharedCtx,
  base: AwsCredentials | undefined,
  home: string,
): Promise<{ targets: Target[]; failure?: { operation: string; err: unknown } }> {
  const { accounts } = ctx.config;
  const opts = { abortSignal: ctx.signal };
  const roleArn = (id: string, roleName: string) => `arn:${partitionOf(home)}:iam::${id}:role/${roleName}`;
  if (accounts.mode === 'list') {
    return { targets: accounts.accounts.map((a) => ({ account: a, roleArn: roleArn(a.id, accounts.roleName) })) };
  }
  const sts = new STSClient(awsClientConfig(ctx, { region: home, credentials: base }));
  let self: AwsAccount;
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}), opts);
    self = { id: identity.Account! };
  } catch (err) {
    throw new CollectorError(
      `sts:GetCallerIdentity failed: ${describeAwsError(err)}`,
      'sts:GetCallerIdentity',
      undefined,
      { cause: err },
    );
  } finally {
    sts.destroy();
  }
  if (accounts.mode === 'default')
    return { targets: [{ account: { ...self, ...(accounts.name ? { name: accounts.name } : {}) }, roleArn: null }] };

  // https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html (20 a page)
  const orgs = new OrganizationsClient(awsClientConfig(ctx, { region: home, credentials: base }));
  const targets: Target[] = [];
  try {
    let token: string | undefined;
    const guard = new PageGuard('organizations:ListAccounts');
    do {
      if (token) guard.page(token);
      const page = await orgs.send(
        new ListAccountsCommand({ MaxResults: 20, ...(token ? { NextToken: token } : {}) }),
        opts,
      );
      for (const a of page.Accounts ?? []) {
        const state = a.State ?? a.Status;
        if (!a.Id || state !== 'ACTIVE' || accounts.exclude.includes(a.Id)) continue;
        const account = { id: a.Id, ...(a.Name ? { name: a.Name } : {}) };
        targets.push({ account, roleArn: a.Id === self.id ? null : roleArn(a.Id, accounts.roleName) });
      }
      token = page.NextToken;
    } while (token);
  } catch (err) {
    // The organization cannot be listed: report it against the account we are in, so it shows as an error.
    return { targets: [{ account: self, roleArn: null }], failure: { operation: 'organizations:ListAccounts', err } };
  } finally {
    orgs.destroy();
  }
  return { targets };
}

/**
 * The accounts `forEachAccount` would read, as it resolves them (organizations:ListAccounts in organization mode), for
 * a fan-out's plan step to split them. `roleArn` null: the account of the base credentials, read with them.
 */
export function discoverAccounts(ctx: SharedCtx): Promise<{
  targets: Array<{ account: AwsAccount; roleArn: string | null }>;
  failure?: { operation: string; err: unknown };
}> {
  return resolveTargets(ctx, baseCredentials(ctx), ctx.config.regions?.[0] ?? 'us-east-1');
}

async function assumeRole(
  ctx: SharedCtx,
  base: AwsCredentials | undefined,
  home: string,
  roleArn: string,
): Promise<AwsCredentialIdentity> {
  const externalIdRef = ctx.config.accounts.mode === 'default' ? undefined : ctx.config.accounts.externalId;
  const sts = new STSClient(awsClientConfig(ctx, { region: home, credentials: base }));
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'assay',
        DurationSeconds: SESSION_SECONDS,
        ...(externalIdRef ? { ExternalId: ctx.secret(externalIdRef, 'sources.aws.accounts.externalId') } : {}),
      }),
      { abortSignal: ctx.signal },
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`sts:AssumeRole returned no credentials for ${roleArn}`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  } finally {
    sts.destroy();
  }
}

/** Hands out `first` until it is within five minutes of expiring, then assumes the role again (long runs). */
function refreshing(
  first: AwsCredentialIdentity,
  renew: () => Promise<AwsCredentialIdentity>,
): () => Promise<AwsCredentialIdentity> {
  let current: Promise<AwsCredentialIdentity> = Promise.resolve(first);
  let expiresAt = first.expiration?.getTime() ?? Infinity;
  return () => {
    if (expiresAt - Date.now() < 5 * 60_000) {
      expiresAt = Infinity;
      current = renew().then((c) => ((expiresAt = c.expiration?.getTime() ?? Infinity), c));
    }
    return current;
  };
}

/**
 * Runs `fn` once per configured account, `accountConcurrency` at a time, each inside its own snapshot scope with
 * that account's credentials. An account whose role cannot be assumed still gets its snapshot, with every dataset
 * in `datasets` missing and naming sts:AssumeRole; the other accounts go on.
 */
export async function forEachAccount(
  ctx: Ctx,
  datasets: readonly DatasetKey[],
  fn: (session: AwsAccountSession, rec: ScopeRecorder) => Promise<void>,
): Promise<void> {
  const configured = ctx.config.regions;
  const home = configured?.[0] ?? 'us-east-1';
  const base = baseCredentials(ctx);
  const shared = sharedCtx(ctx);
  // Every AWS collector of a run reads the same accounts with the same sessions: discover and assume once per run.
  const { targets, failure } = await ctx.shared('aws:accounts', () => resolveTargets(shared, base, home));
  const limit = pLimit(ctx.config.accountConcurrency);
  await Promise.all(
    targets.map((t) =>
      limit(async () => {
        const scope = {
          kind: 'aws-account' as const,
          id: t.account.id,
          ...(t.account.name ? { name: t.account.name } : {}),
        };
        if (failure) {
          await ctx.scope(scope, (rec) => failAllDatasets(rec, datasets, failure.operation, failure.err));
          return;
        }
        let credentials: AwsCredentials | undefined = base;
        if (t.roleArn) {
          const roleArn = t.roleArn;
          try {
            credentials = await ctx.shared(`aws:session:${roleArn}`, async () =>
              refreshing(await assumeRole(shared, base, home, roleArn), () => assumeRole(shared, base, home, roleArn)),
            );
          } catch (err) {
            ctx.log.warn(
              { account: t.account.id, roleArn: t.roleArn, err: describeAwsError(err) },
              'sts:AssumeRole failed',
            );
            await ctx.scope(scope, (rec) => failAllDatasets(rec, datasets, 'sts:AssumeRole', err));
            return;
          }
        }
        const id = t.account.id;
        const session: AwsAccountSession = {
          account: t.account,
          ...(credentials ? { credentials } : {}),
          regions: () =>
            ctx.shared(`aws:regions:${id}`, async () => {
              const config = awsClientConfig(shared, { region: home, ...(credentials ? { credentials } : {}) });
              const r = accountRegions(await listEnabledRegions(config, shared.signal), configured);
              if (r.disabled.length > 0)
                ctx.log.warn(
                  { account: id, regions: r.disabled },
                  'sources.aws.regions names regions not enabled for this account: not read',
                );
              return r;
            }),
          homeRegion: home,
          clientConfig: (region = home) => awsClientConfig(ctx, { region, ...(credentials ? { credentials } : {}) }),
          s3ClientConfig: (region = home) => s3ClientConfig(ctx, { region, ...(credentials ? { credentials } : {}) }),
        };
        await ctx.scope(scope, (rec) => fn(session, rec));
      }),
    ),
  );
}
