import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AccessDeniedException,
  BedrockClient,
  GetModelInvocationLoggingConfigurationCommand,
} from '@aws-sdk/client-bedrock';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsBedrockCollector } from '../../../collectors/aws/aws-bedrock-collector.js';
import { CREDS, runAwsCollector } from './aws-harness.js';

const bedrock = mockClient(BedrockClient);
const sts = mockClient(STSClient);
afterEach(() => {
  bedrock.reset();
  sts.reset();
});

describe('aws-bedrock collector', () => {
  it('reads invocation logging per configured region: configured, never configured, denied, and not offered', async () => {
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
});
