import type { BedrockState, SimBedrockLogging } from './bedrock-state.js';

/** How an account uses Bedrock per region: `invoke` (inference calls), `browse` (only listing models), or not at all. */
export type BedrockUse = 'invoke' | 'browse' | 'none';

/** Which model invocations (CloudTrail) each account makes, by region; cloudtrail-generate writes the events. */
export function bedrockUsePlan(index: number): Record<string, BedrockUse> {
  if (index === 0) return { 'us-east-1': 'invoke', 'eu-west-1': 'browse' };
  if (index === 1) return { 'us-east-1': 'invoke', 'eu-west-1': 'invoke' };
  // us-east-2, without logging: only a collector reading every enabled region sees it.
  if (index === 2) return { 'us-east-1': 'none', 'eu-west-1': 'invoke', 'us-east-2': 'invoke' };
  return { 'us-east-1': 'invoke', 'eu-west-1': 'none' };
}

const on = (account: string): SimBedrockLogging => ({
  s3BucketName: `acme-bedrock-invocations-${account}`,
  cloudWatchLogGroupName: '/aws/bedrock/invocations',
  textDataDeliveryEnabled: true,
  imageDataDeliveryEnabled: true,
  embeddingDataDeliveryEnabled: false,
});

/**
 * Model invocation logging per region. Planted: the prod account (1) invokes models in us-east-1 without logging;
 * ml-research (2) has a configuration in eu-west-1 that delivers nothing. Unused regions without logging are fine.
 */
export function generateBedrock(index: number, account: string): BedrockState {
  if (index === 0) return { logging: { 'us-east-1': on(account), 'eu-west-1': null } };
  if (index === 1) return { logging: { 'us-east-1': null, 'eu-west-1': on(account) } };
  if (index === 2)
    return {
      logging: {
        'us-east-1': null,
        'eu-west-1': { ...on(account), textDataDeliveryEnabled: false, imageDataDeliveryEnabled: false },
      },
    };
  return { logging: { 'us-east-1': on(account) } };
}
