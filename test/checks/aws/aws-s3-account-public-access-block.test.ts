import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-s3-account-public-access-block.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, ALL_BLOCKED, scope } from './aws-logs-fixtures.js';

const run = (block: unknown) => evaluate(check, { scope, data: { 'aws-s3.accountPublicAccessBlock': block } });

describe('aws-s3-account-public-access-block', () => {
  it('passes with all four settings on', () => {
    const fs = run(ALL_BLOCKED);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`All four S3 public access block settings are on for account ${ACCOUNT}.`]);
  });

  it('fails naming the settings left off', () => {
    const fs = run({ ...ALL_BLOCKED, BlockPublicPolicy: false, RestrictPublicBuckets: false });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      `The S3 public access block of account ${ACCOUNT} leaves BlockPublicPolicy, RestrictPublicBuckets off.`,
    ]);
  });

  it('fails when none is configured (NoSuchPublicAccessBlockConfiguration)', () => {
    const fs = run(null);
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([`Account ${ACCOUNT} has no S3 public access block configured.`]);
    expect(fs[0]!.observed).toEqual({ configured: false });
  });

  it('is an error naming the call when S3 Control refused', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'aws-s3.accountPublicAccessBlock': {
          kind: 'error',
          operation: 's3control:GetPublicAccessBlock',
          status: 403,
          message: 'AccessDenied: Access Denied',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: s3control:GetPublicAccessBlock failed (AccessDenied: Access Denied).',
    ]);
  });
});
