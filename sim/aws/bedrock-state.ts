/** GetModelInvocationLoggingConfiguration's loggingConfig, as stored per region. */
export interface SimBedrockLogging {
  s3BucketName?: string;
  cloudWatchLogGroupName?: string;
  textDataDeliveryEnabled: boolean;
  imageDataDeliveryEnabled: boolean;
  embeddingDataDeliveryEnabled: boolean;
}

export interface BedrockState {
  /** Per region; absent or null: never configured. */
  logging: Record<string, SimBedrockLogging | null>;
}
