import { z } from 'zod';
import { orFailed } from './aws-call-failure.js';

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_LoggingConfig.html, trimmed to the destinations and delivery flags. */
export const BedrockLoggingConfigSchema = z.object({
  s3BucketName: z.string().optional(),
  cloudWatchLogGroupName: z.string().optional(),
  textDataDeliveryEnabled: z.boolean(),
  imageDataDeliveryEnabled: z.boolean(),
  embeddingDataDeliveryEnabled: z.boolean(),
  videoDataDeliveryEnabled: z.boolean(),
  audioDataDeliveryEnabled: z.boolean(),
});
export type BedrockLoggingConfig = z.infer<typeof BedrockLoggingConfigSchema>;

/** GetModelInvocationLoggingConfiguration in one region: null when logging was never configured there. */
export const BedrockRegionLoggingSchema = z.object({
  region: z.string(),
  /** False where Bedrock has no endpoint (the region does not offer it). */
  available: z.boolean(),
  loggingConfig: orFailed(BedrockLoggingConfigSchema.nullable()),
});
export type BedrockRegionLogging = z.infer<typeof BedrockRegionLoggingSchema>;

export const awsBedrockDatasets = {
  'aws-bedrock.invocationLogging': z.array(BedrockRegionLoggingSchema),
  /** Regions enabled for the account that `sources.aws.regions` left out: Bedrock was not looked at there. */
  'aws-bedrock.regionsNotRead': z.array(z.string()),
};

const DELIVERY = [
  'textDataDeliveryEnabled',
  'imageDataDeliveryEnabled',
  'embeddingDataDeliveryEnabled',
  'videoDataDeliveryEnabled',
  'audioDataDeliveryEnabled',
] as const;

/** Logging is on when it has a destination and delivers at least one kind of data. */
export function invocationLoggingGaps(c: BedrockLoggingConfig | null): string[] {
  if (!c) return ['no model invocation logging configuration'];
  const gaps: string[] = [];
  if (!c.s3BucketName && !c.cloudWatchLogGroupName) gaps.push('no S3 or CloudWatch Logs destination');
  if (!DELIVERY.some((k) => c[k])) gaps.push('every data delivery type is disabled');
  return gaps;
}
