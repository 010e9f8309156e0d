import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-s3-sensitive-buckets-customer-managed-kms.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, bucket, denied, scope } from './aws-logs-fixtures.js';

const run = (buckets: unknown[], params: Record<string, unknown> = {}) =>
  evaluate(check, { scope, data: { 'aws-s3.buckets': buckets }, params });
const CMK = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-sim`;
const confidential = { 'data-classification': 'Confidential', owner: 'data-team' };
const kms = (KMSMasterKeyID?: string) => [
  { SSEAlgorithm: 'aws:kms', ...(KMSMasterKeyID ? { KMSMasterKeyID } : {}), BucketKeyEnabled: true },
];

describe('aws-s3-sensitive-buckets-customer-managed-kms', () => {
  it('passes when every sensitive bucket names a customer-managed key, by customer alias or by a key DescribeKey calls CUSTOMER', () => {
    const fs = run([
      bucket('training', { tags: { purpose: 'training-data' }, encryption: kms(CMK), kmsKeyManager: 'CUSTOMER' }),
      bucket('vault', { tags: confidential, encryption: kms('alias/data-vault') }),
      // Not sensitive: SSE-S3 is fine there.
      bucket('public-site', { tags: {}, encryption: [{ SSEAlgorithm: 'AES256' }] }),
    ]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      `All 2 buckets of account ${ACCOUNT} tagged as sensitive (training, vault) encrypt with a customer-managed KMS key.`,
    ]);
  });

  it('fails sensitive buckets on SSE-S3, on the aws/s3 key (named, by alias, or by a key DescribeKey calls AWS), or without encryption', () => {
    const fs = run([
      bucket('a-sse-s3', { tags: confidential, encryption: [{ SSEAlgorithm: 'AES256' }] }),
      bucket('b-default-key', { tags: confidential, encryption: kms() }),
      bucket('c-alias', {
        tags: { purpose: 'TRAINING-DATA' },
        encryption: kms(`arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/s3`),
      }),
      bucket('d-arn', { tags: confidential, encryption: kms(CMK), kmsKeyManager: 'AWS' }),
      bucket('e-none', { tags: confidential, encryption: null }),
    ]);
    expect(statuses(fs)).toEqual(['fail', 'fail', 'fail', 'fail', 'fail']);
    expect(messages(fs)).toEqual([
      'Bucket a-sse-s3 (us-east-1, tagged data-classification: Confidential) encrypts with S3-managed keys (AES256), not a customer-managed KMS key.',
      'Bucket b-default-key (us-east-1, tagged data-classification: Confidential) encrypts with the AWS managed key aws/s3 (no key is named, so S3 uses aws/s3), not a customer-managed KMS key.',
      `Bucket c-alias (us-east-1, tagged purpose: TRAINING-DATA) encrypts with the AWS managed key arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/s3 (judged by its alias: alias/aws/ names AWS managed keys), not a customer-managed KMS key.`,
      `Bucket d-arn (us-east-1, tagged data-classification: Confidential) encrypts with the AWS managed key ${CMK} (kms:DescribeKey says KeyManager AWS), not a customer-managed KMS key.`,
      'Bucket e-none (us-east-1, tagged data-classification: Confidential) has no default encryption configuration, so it is not encrypted with a customer-managed KMS key.',
    ]);
  });

  it('is an error for a bucket whose tags, encryption or key could not be read', () => {
    const fs = run([
      bucket('a', { tags: denied('s3:GetBucketTagging') }),
      bucket('b', { tags: confidential, encryption: denied('s3:GetBucketEncryption') }),
      bucket('c', { tags: confidential, encryption: kms(CMK), kmsKeyManager: denied('kms:DescribeKey') }),
      bucket('d', { tags: confidential, encryption: kms(CMK) }),
    ]);
    expect(statuses(fs)).toEqual(['error', 'error', 'error', 'error']);
    expect(messages(fs)).toEqual([
      'Could not tell whether bucket a is tagged as sensitive: s3:GetBucketTagging failed (AccessDenied: Access Denied).',
      'Could not tell which key encrypts bucket b (us-east-1, tagged data-classification: Confidential): s3:GetBucketEncryption failed (AccessDenied: Access Denied).',
      'Could not tell which key encrypts bucket c (us-east-1, tagged data-classification: Confidential): kms:DescribeKey failed (AccessDenied: Access Denied).',
      'Could not tell which key encrypts bucket d (us-east-1, tagged data-classification: Confidential): kms:DescribeKey failed (not collected).',
    ]);
  });

  it('is not applicable without sensitive buckets, and takes the tags to look for as a parameter', () => {
    const fs = run([bucket('a', { tags: { 'data-classification': 'internal' } })]);
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual([
      `None of the 1 buckets of account ${ACCOUNT} is tagged as sensitive (data-classification: confidential|restricted; purpose: training-data).`,
    ]);
    const sse = [{ SSEAlgorithm: 'AES256' }];
    const custom = run([bucket('a', { tags: { 'data-classification': 'internal' }, encryption: sse })], {
      sensitiveTags: { 'data-classification': ['internal'] },
    });
    expect(messages(custom)).toEqual([
      'Bucket a (us-east-1, tagged data-classification: internal) encrypts with S3-managed keys (AES256), not a customer-managed KMS key.',
    ]);
  });

  it('is an error naming the call when ListBuckets failed', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'aws-s3.buckets': { kind: 'error', operation: 's3:ListBuckets', message: 'AccessDenied: Access Denied' },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual(['Could not evaluate: s3:ListBuckets failed (AccessDenied: Access Denied).']);
  });
});
