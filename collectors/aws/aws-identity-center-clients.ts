import pLimit, { type LimitFunction } from 'p-limit';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { IAMClient } from '@aws-sdk/client-iam';
import type { CollectorContext } from '../../src/model/collector.js';
import type { AwsSourceConfig } from '../../src/model/config/aws-config.js';
import { awsClientConfig, type AwsCredentials } from './aws-client-config.js';

/** Calls in flight at once against Identity Center, the identity store and IAM together. */
export const IC_CONCURRENCY = 4;

export interface IdentityCenterClients {
  sso: SSOAdminClient;
  store: IdentitystoreClient;
  /** In the global-services region: GetPolicy and GetPolicyVersion of AWS managed policies. */
  iam: IAMClient;
  signal: AbortSignal;
  /** Bounds the calls in flight; wrap each single call, never a function that waits on another wrapped call. */
  limit: LimitFunction;
  destroy(): void;
}

/** Clients for Identity Center's region (and IAM's), counted, with the collector's time limit. */
export function identityCenterClients(
  ctx: CollectorContext<AwsSourceConfig>,
  region: string,
  credentials: AwsCredentials | undefined,
): IdentityCenterClients {
  const creds = credentials ? { credentials } : {};
  const sso = new SSOAdminClient(awsClientConfig(ctx, { region, ...creds }));
  const store = new IdentitystoreClient(awsClientConfig(ctx, { region, ...creds }));
  const iam = new IAMClient(awsClientConfig(ctx, { region: ctx.config.regions?.[0] ?? 'us-east-1', ...creds }));
  return {
    sso,
    store,
    iam,
    signal: ctx.signal,
    limit: pLimit(IC_CONCURRENCY),
    destroy() {
      sso.destroy();
      store.destroy();
      iam.destroy();
    },
  };
}
