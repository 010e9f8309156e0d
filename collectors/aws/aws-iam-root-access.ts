import { IAMClient, ListOrganizationsFeaturesCommand } from '@aws-sdk/client-iam';
import type { CollectorContext } from '../../src/model/collector.js';
import type { AwsSourceConfig } from '../../src/model/config/aws-config.js';
import type { RootAccessManagement } from '../../src/model/datasets/aws-iam.js';
import { awsClientConfig } from './aws-client-config.js';
import { describeAwsError, isAwsError } from './aws-errors.js';

type Ctx = CollectorContext<AwsSourceConfig>;

/** The credentials assay starts from (the SDK chain when none are configured): the caller of organization-wide reads. */
function callerCredentials(ctx: Ctx) {
  const c = ctx.config.credentials;
  if (!c) return undefined;
  return {
    accessKeyId: ctx.secret(c.accessKeyId, 'sources.aws.credentials.accessKeyId'),
    secretAccessKey: ctx.secret(c.secretAccessKey, 'sources.aws.credentials.secretAccessKey'),
    ...(c.sessionToken ? { sessionToken: ctx.secret(c.sessionToken, 'sources.aws.credentials.sessionToken') } : {}),
  };
}

/**
 * Centralized root access features of the organization, asked once per run as the identity assay starts from: only
 * the management account or IAM's delegated administrator may ask. No organization (a standalone account), an
 * organization without all features, or IAM trusted access off all mean the features cannot be on. Any other
 * failure is kept as the value, so the root checks that need it report it.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html
 */
export function readRootAccessManagement(ctx: Ctx, homeRegion: string): Promise<RootAccessManagement> {
  return ctx.shared('aws:iam:organizationsFeatures', async () => {
    const iam = new IAMClient(
      awsClientConfig(
        { config: ctx.config, countRequest: ctx.countRequest, signal: new AbortController().signal },
        { region: homeRegion, credentials: callerCredentials(ctx) },
      ),
    );
    try {
      const out = await iam.send(new ListOrganizationsFeaturesCommand({}));
      return { organizationId: out.OrganizationId ?? null, enabledFeatures: out.EnabledFeatures ?? [] };
    } catch (err) {
      if (
        isAwsError(
          err,
          'OrganizationNotFoundException',
          'OrganizationNotInAllFeaturesModeException',
          'ServiceAccessNotEnabledException',
        )
      )
        return { organizationId: null, enabledFeatures: [] };
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      return {
        failed: {
          operation: 'iam:ListOrganizationsFeatures',
          message: describeAwsError(err),
          ...(status ? { status } : {}),
        },
      };
    } finally {
      iam.destroy();
    }
  });
}
