/** A KMS key of a simulated account. https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html */
export interface SimKmsKey {
  id: string;
  region: string;
  /** AWS managed keys (alias/aws/s3) belong to the account but only AWS uses and manages them. */
  manager: 'AWS' | 'CUSTOMER';
  aliases: string[];
}

export interface KmsState {
  keys: SimKmsKey[];
}

export const kmsKeyArn = (account: string, k: Pick<SimKmsKey, 'id' | 'region'>): string =>
  `arn:aws:kms:${k.region}:${account}:key/${k.id}`;
