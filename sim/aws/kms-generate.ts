import type { KmsState, SimKmsKey } from './kms-state.js';

/** Regions where the simulated accounts keep buckets, and so KMS keys. */
const KEY_REGIONS = ['us-east-1', 'eu-west-1'];

/** The AWS managed aws/s3 key of a region (it exists in every account and region that used SSE-KMS). */
export const awsS3KeyId = (region: string): string => `sim-aws-s3-${region}`;
/** A customer-managed key for confidential data, aliased `alias/data-vault`. */
export const dataVaultKeyId = (region: string): string => `sim-cmk-data-vault-${region}`;

/** Per region: the AWS managed aws/s3 key and one customer-managed key. */
export function generateKms(): KmsState {
  return {
    keys: KEY_REGIONS.flatMap((region): SimKmsKey[] => [
      { id: awsS3KeyId(region), region, manager: 'AWS', aliases: ['alias/aws/s3'] },
      { id: dataVaultKeyId(region), region, manager: 'CUSTOMER', aliases: ['alias/data-vault'] },
    ]),
  };
}

/** The key a bucket's KMSMasterKeyID names (id, key ARN, alias or alias ARN) in `region`, if the account has it. */
export function findKmsKey(kms: KmsState, region: string, keyId: string): SimKmsKey | undefined {
  const m = /^arn:aws:kms:([^:]+):\d{12}:(key|alias)\/(.+)$/.exec(keyId);
  const keyRegion = m?.[1] ?? region;
  const name = m ? (m[2] === 'alias' ? `alias/${m[3]}` : m[3]!) : keyId;
  return kms.keys.find((k) => k.region === keyRegion && (k.id === name || k.aliases.includes(name)));
}
