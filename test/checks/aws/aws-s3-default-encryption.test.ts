import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-s3-default-encryption.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, bucket, denied, scope } from './aws-logs-fixtures.js';

const run = (buckets: unknown[]) => evaluate(check, { scope, data: { 'aws-s3.buckets': buckets } });

describe('aws-s3-default-encryption', () => {
  it('passes when every bucket has default encryption (SSE-S3 counts)', () => {
    const fs = run([bucket('a'), bucket('b', { encryption: [{ SSEAlgorithm: 'AES256' }] })]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`All 2 buckets of account ${ACCOUNT} have default encryption (1 with KMS).`]);
  });

  it('fails each bucket without it, and is an error only for the bucket whose call was denied', () => {
    const fs = run([
      bucket('plain', { encryption: null }),
      bucket('locked', { encryption: denied('s3:GetBucketEncryption') }),
      bucket('ok'),
    ]);
    expect(statuses(fs)).toEqual(['error', 'fail']);
    expect(messages(fs)).toEqual([
      'Could not read the default encryption of bucket locked: s3:GetBucketEncryption failed (AccessDenied: Access Denied).',
      'Bucket plain (us-east-1) has no default encryption configured.',
    ]);
  });

  it('is an error naming the call when ListBuckets failed', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'aws-s3.buckets': {
          kind: 'error',
          operation: 's3:ListBuckets',
          status: 500,
          message: 'InternalError: We encountered an internal error.',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: s3:ListBuckets failed (InternalError: We encountered an internal error).',
    ]);
  });
});
