import {
  BedrockClient,
  GetModelInvocationLoggingConfigurationCommand,
  type LoggingConfig,
} from '@aws-sdk/client-bedrock';
import { defineCollector, type Permission } from '../../src/model/collector.js';
import type { AwsSourceConfig } from '../../src/model/config/aws-config.js';
import {
  awsBedrockDatasets,
  type BedrockLoggingConfig,
  type BedrockRegionLogging,
} from '../../src/model/datasets/aws-bedrock.js';
import type { DatasetKey } from '../../src/model/datasets/index.js';
import { failAllDatasets, forEachAccount } from './aws-accounts.js';
import { probe } from './aws-call-probe.js';
import { awsAccountPermissions } from './aws-iam-permissions.js';

const permissions: readonly Permission[] = [
  {
    name: 'bedrock:GetModelInvocationLoggingConfiguration',
    why: 'whether model invocations are logged, in each region read',
  },
  { name: 'account:ListRegions', why: 'the regions enabled for the account (shared with aws-cloudtrail)' },
  ...awsAccountPermissions,
];

/** The region has no Bedrock endpoint: the name does not resolve, so there is nothing to configure there. */
const unreachable = (err: unknown): boolean => {
  const code =
    (err as { code?: unknown; cause?: { code?: unknown } } | null)?.code ??
    (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === 'ENOTFOUND';
};

const toConfig = (c: LoggingConfig | undefined): BedrockLoggingConfig | null =>
  c
    ? {
        ...(c.s3Config?.bucketName ? { s3BucketName: c.s3Config.bucketName } : {}),
        ...(c.cloudWatchConfig?.logGroupName ? { cloudWatchLogGroupName: c.cloudWatchConfig.logGroupName } : {}),
        textDataDeliveryEnabled: c.textDataDeliveryEnabled === true,
        imageDataDeliveryEnabled: c.imageDataDeliveryEnabled === true,
        embeddingDataDeliveryEnabled: c.embeddingDataDeliveryEnabled === true,
        videoDataDeliveryEnabled: c.videoDataDeliveryEnabled === true,
        audioDataDeliveryEnabled: c.audioDataDeliveryEnabled === true,
      }
    : null;

export const awsBedrockCollector = defineCollector<AwsSourceConfig>({
  id: 'aws-bedrock',
  source: 'aws',
  title: 'Amazon Bedrock: model invocation logging in each region enabled for the account',
  permissions,
  schema: awsBedrockDatasets,
  async collect(ctx) {
    const keys = Object.keys(awsBedrockDatasets) as DatasetKey[];
    await forEachAccount(ctx, keys, async (session, rec) => {
      let regions: string[];
      try {
        const r = await session.regions();
        regions = r.read;
        await rec.dataset('aws-bedrock.regionsNotRead', () => Promise.resolve(r.notRead));
      } catch (err) {
        await failAllDatasets(rec, keys, 'account:ListRegions', err);
        return;
      }
      await rec.dataset('aws-bedrock.invocationLogging', (call) =>
        Promise.all(
          regions.map(async (region): Promise<BedrockRegionLogging> => {
            // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_GetModelInvocationLoggingConfiguration.html
            const client = new BedrockClient(session.clientConfig(region));
            let available = true;
            try {
              const loggingConfig = await probe(
                call,
                'bedrock:GetModelInvocationLoggingConfiguration',
                async () => {
                  try {
                    return toConfig(
                      (
                        await client.send(new GetModelInvocationLoggingConfigurationCommand({}), {
                          abortSignal: ctx.signal,
                        })
                      ).loggingConfig,
                    );
                  } catch (err) {
                    if (!unreachable(err)) throw err;
                    available = false;
                    return null;
                  }
                },
                ctx.signal,
              );
              return { region, available, loggingConfig };
            } finally {
              client.destroy();
            }
          }),
        ),
      );
    });
  },
});
