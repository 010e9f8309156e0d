import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AccessDeniedException,
  BedrockClient,
  GetModelInvocationLoggingConfigurationCommand,
} from '@aws-sdk/client-bedrock';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AccountClient, AccountServiceException, ListRegionsCommand } from '@aws-sdk/client-account';
import { awsBedrockCollector } from '../../../collectors/aws/aws-bedrock-collector.js';
import { CREDS, runAwsCollector } from './aws-harness.js';

const bedrock = mockClient(BedrockClient);
const sts = mockClient(STSClient);
const account = mockClient(AccountClient);
const enabled = (...names: string[]) =>
  account.on(ListRegionsCommand).resolves({
    Regions: names.map((RegionName) => ({ RegionName, RegionOptStatus: 'ENABLED_BY_DEFAULT' as const })),
  });
afterEach(() => {
  account.reset();
  bedrock.reset();
  sts.reset();
});

describe('aws-bedrock collector', () => {
  it('reads invocation logging per configured region: configured, never configured, denied, and not offered', async () => {
    enabled('ap-south-2', 'eu-central-1', 'eu-west-1', 'us-east-1', 'us-west-2');
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/assay', UserId: 'AIDAX' });
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).callsFake(async (_input, client) => {
      switch (await client().config.region()) {
        case 'us-east-1':
          return {
            loggingConfig: {
              s3Config: { bucketName: 'logs', keyPrefix: 'x/' },
              cloudWatchConfig: { logGroupName: '/b', roleArn: 'arn:aws:iam::111122223333:role/r' },
              textDataDeliveryEnabled: true,
            },
          };
        case 'eu-west-1':
          return {};
        case 'eu-central-1':
          throw new AccessDeniedException({ message: 'not authorized', $metadata: { httpStatusCode: 403 } });
        default:
          throw Object.assign(new Error('getaddrinfo ENOTFOUND bedrock.ap-south-2.amazonaws.com'), {
            code: 'ENOTFOUND',
          });
      }
    });
    const { snapshots } = await runAwsCollector(
      awsBedrockCollector,
      `{ credentials: ${CREDS}, regions: [us-east-1, eu-west-1, eu-central-1, ap-south-2] }`,
    );
    expect(snapshots[0]!.data['aws-bedrock.invocationLogging']).toEqual([
      {
        region: 'us-east-1',
        available: true,
        loggingConfig: {
          s3BucketName: 'logs',
          cloudWatchLogGroupName: '/b',
          textDataDeliveryEnabled: true,
          imageDataDeliveryEnabled: false,
          embeddingDataDeliveryEnabled: false,
          videoDataDeliveryEnabled: false,
          audioDataDeliveryEnabled: false,
        },
      },
      { region: 'eu-west-1', available: true, loggingConfig: null },
      {
        region: 'eu-central-1',
        available: true,
        loggingConfig: {
          failed: {
            operation: 'bedrock:GetModelInvocationLoggingConfiguration',
            message: 'AccessDeniedException: not authorized',
            status: 403,
          },
        },
      },
      { region: 'ap-south-2', available: false, loggingConfig: null },
    ]);
    expect(JSON.stringify(snapshots[0])).not.toContain('role/r');
  });

  it('reads every enabled region without sources.aws.regions, and is missing naming ListRegions when they cannot be listed', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/assay', UserId: 'AIDAX' });
    enabled('eu-north-1', 'us-east-1');
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
    const all = await runAwsCollector(awsBedrockCollector, `{ credentials: ${CREDS} }`);
    expect(all.snapshots[0]!.data['aws-bedrock.regionsNotRead']).toEqual([]);
    const some = await runAwsCollector(awsBedrockCollector, `{ credentials: ${CREDS}, regions: [us-east-1] }`);
    expect(some.snapshots[0]!.data['aws-bedrock.regionsNotRead']).toEqual(['eu-north-1']);
    expect(
      (all.snapshots[0]!.data['aws-bedrock.invocationLogging'] as Array<{ region: string }>).map((r) => r.region),
    ).toEqual(['eu-north-1', 'us-east-1']);

    account
      .on(ListRegionsCommand)
      .rejects(
        new AccountServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'no', $metadata: {} }),
      );
    const denied = await runAwsCollector(awsBedrockCollector, `{ credentials: ${CREDS} }`);
    expect(denied.snapshots[0]!.missing['aws-bedrock.invocationLogging']).toMatchObject({
      kind: 'error',
      operation: 'account:ListRegions',
    });
  });
});
