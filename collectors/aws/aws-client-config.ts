import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpHandler } from '@smithy/core/protocols';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, NodeHttpHandlerOptions } from '@smithy/types';
import type { CollectorContext } from '../../src/model/collector.js';
import type { AwsSourceConfig } from '../../src/model/config/aws-config.js';

export type AwsCredentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** What every assay AWS SDK client is built with; spread it into `new XxxClient({...})`. */
export interface AwsClientConfig {
  region: string;
  /** Undefined: the SDK default credential chain. */
  credentials?: AwsCredentials;
  endpoint?: string;
  maxAttempts: number;
  retryMode: 'standard';
  requestHandler: HttpHandler<NodeHttpHandlerOptions>;
  /** Only with an endpoint override: S3 Control would otherwise put the account id in front of the host. */
  disableHostPrefix?: boolean;
}

type Ctx = Pick<CollectorContext<AwsSourceConfig>, 'config' | 'signal' | 'countRequest'>;

/**
 * The SDK calls the request handler once per HTTP attempt, after the retry middleware, so counting here counts
 * retries too. Each attempt gets the per-request time limit and the collector's abort signal.
 */
function countingHandler(ctx: Ctx): HttpHandler<NodeHttpHandlerOptions> {
  const timeoutMs = ctx.config.requestTimeoutSeconds * 1000;
  const inner = new NodeHttpHandler({
    requestTimeout: timeoutMs,
    connectionTimeout: Math.min(timeoutMs, 10_000),
    // Without it a request past requestTimeout only logs a warning and keeps waiting.
    throwOnRequestTimeout: true,
  });
  return {
    metadata: inner.metadata,
    handle(request, options) {
      ctx.countRequest();
      const signals = [ctx.signal, options?.abortSignal].filter((s): s is AbortSignal => s instanceof AbortSignal);
      return inner.handle(request, { ...options, abortSignal: AbortSignal.any(signals) });
    },
    updateHttpClientConfig: (key, value) => inner.updateHttpClientConfig(key, value),
    httpHandlerConfigs: () => inner.httpHandlerConfigs(),
    destroy: () => inner.destroy(),
  };
}

/**
 * Client config for one region and set of credentials: the configured endpoint override, attempts, time limits,
 * request counting and abort. Throttling errors and 5xx are retried by the SDK's standard mode, which waits
 * with exponential backoff and honours Retry-After.
 */
export function awsClientConfig(ctx: Ctx, opts: { region: string; credentials?: AwsCredentials }): AwsClientConfig {
  const { endpoint, maxAttempts } = ctx.config;
  return {
    region: opts.region,
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(endpoint ? { endpoint, disableHostPrefix: true } : {}),
    maxAttempts,
    retryMode: 'standard',
    requestHandler: countingHandler(ctx),
  };
}

/** S3 needs path-style addressing behind an endpoint override (no bucket subdomains on 127.0.0.1). */
export function s3ClientConfig(
  ctx: Ctx,
  opts: { region: string; credentials?: AwsCredentials },
): AwsClientConfig & { forcePathStyle: boolean } {
  return { ...awsClientConfig(ctx, opts), forcePathStyle: Boolean(ctx.config.endpoint) };
}
