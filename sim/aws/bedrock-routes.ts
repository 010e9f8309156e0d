import type { AwsAction } from './aws-route-table.js';

/**
 * Bedrock control plane: GetModelInvocationLoggingConfiguration, per region (REST-JSON). An unconfigured region
 * answers an empty object. https://docs.aws.amazon.com/bedrock/latest/APIReference/API_GetModelInvocationLoggingConfiguration.html
 */
export function bedrockActions(): AwsAction[] {
  return [
    {
      protocol: 'rest-json',
      service: 'bedrock',
      action: 'GetModelInvocationLoggingConfiguration',
      method: 'GET',
      pattern: '/logging/modelinvocations',
      handle: ({ account, region }) => {
        const c = account.bedrock.logging[region];
        if (!c) return { status: 200, headers: { 'content-type': 'application/json' }, json: {} };
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          json: {
            loggingConfig: {
              ...(c.s3BucketName ? { s3Config: { bucketName: c.s3BucketName, keyPrefix: 'invocations/' } } : {}),
              ...(c.cloudWatchLogGroupName
                ? {
                    cloudWatchConfig: {
                      logGroupName: c.cloudWatchLogGroupName,
                      roleArn: `arn:aws:iam::${account.id}:role/bedrock-logging`,
                    },
                  }
                : {}),
              textDataDeliveryEnabled: c.textDataDeliveryEnabled,
              imageDataDeliveryEnabled: c.imageDataDeliveryEnabled,
              embeddingDataDeliveryEnabled: c.embeddingDataDeliveryEnabled,
            },
          },
        };
      },
    },
  ];
}
