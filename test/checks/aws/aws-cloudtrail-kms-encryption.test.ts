import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-cloudtrail-kms-encryption.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, scope, trail, trailArn } from './aws-logs-fixtures.js';

const run = (trails: unknown[]) => evaluate(check, { scope, data: { 'aws-cloudtrail.trails': trails } });

describe('aws-cloudtrail-kms-encryption', () => {
  it('passes when every trail the account owns uses a KMS key', () => {
    const fs = run([trail('main'), trail('second')]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`Every trail of account ${ACCOUNT} encrypts its logs with a KMS key (2 checked).`]);
  });

  it('fails once per trail without a KMS key', () => {
    const fs = run([trail('main', { KmsKeyId: undefined }), trail('second')]);
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual(['Trail main (home region us-east-1) does not encrypt its log files with a KMS key.']);
    expect(fs[0]!.resource.id).toBe(trailArn('main'));
    expect(fs[0]!.observed).toEqual({ KmsKeyId: null, S3BucketName: 'main-logs' });
  });

  it('is not applicable when the account owns no trail', () => {
    expect(statuses(run([]))).toEqual(['not_applicable']);
  });

  it('is an error naming the call when DescribeTrails failed', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'aws-cloudtrail.trails': {
          kind: 'error',
          operation: 'sts:AssumeRole',
          status: 403,
          message: 'AccessDenied: not authorized to perform sts:AssumeRole',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: sts:AssumeRole failed (AccessDenied: not authorized to perform sts:AssumeRole).',
    ]);
  });
});
