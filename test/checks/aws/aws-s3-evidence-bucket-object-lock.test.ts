import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-s3-evidence-bucket-object-lock.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, bucket, denied, scope } from './aws-logs-fixtures.js';

const run = (buckets: unknown[], evidenceBucket?: string) =>
  evaluate(check, { scope, data: { 'aws-s3.buckets': buckets }, params: evidenceBucket ? { evidenceBucket } : {} });

describe('aws-s3-evidence-bucket-object-lock', () => {
  it('passes when the evidence bucket has Object Lock', () => {
    const fs = run(
      [
        bucket('evidence', {
          objectLock: { ObjectLockEnabled: 'Enabled', DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } },
        }),
      ],
      'evidence',
    );
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      'Evidence bucket evidence has Object Lock enabled with default COMPLIANCE retention of 1 years.',
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'aws-s3-bucket', id: 'evidence' });
  });

  it('fails when it does not (ObjectLockConfigurationNotFoundError)', () => {
    const fs = run([bucket('evidence', { objectLock: null })], 'evidence');
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      'Evidence bucket evidence does not have Object Lock enabled, so its evidence can be overwritten or deleted.',
    ]);
    expect(fs[0]!.observed).toEqual({ ObjectLockEnabled: null, DefaultRetention: null, versioning: 'Enabled' });
  });

  it('fails GOVERNANCE retention (bypassable) and Object Lock without a default retention', () => {
    const governance = run(
      [
        bucket('evidence', {
          objectLock: { ObjectLockEnabled: 'Enabled', DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
        }),
      ],
      'evidence',
    );
    expect(statuses(governance)).toEqual(['fail']);
    expect(messages(governance)).toEqual([
      'Evidence bucket evidence has Object Lock with default GOVERNANCE retention of 30 days, which anyone allowed s3:BypassGovernanceRetention can bypass to overwrite or delete evidence; COMPLIANCE mode is required.',
    ]);
    const noDefault = run([bucket('evidence', { objectLock: { ObjectLockEnabled: 'Enabled' } })], 'evidence');
    expect(statuses(noDefault)).toEqual(['fail']);
    expect(messages(noDefault)).toEqual([
      'Evidence bucket evidence has Object Lock enabled but no default retention, so objects written without their own retention can be overwritten or deleted.',
    ]);
  });

  it('is not applicable without a configured bucket, or in an account that does not hold it', () => {
    expect(messages(run([bucket('a')]))).toEqual([
      'No evidence bucket is named (checks.aws-s3-evidence-bucket-object-lock.evidenceBucket).',
    ]);
    const elsewhere = run([bucket('a')], 'evidence');
    expect(statuses(elsewhere)).toEqual(['not_applicable']);
    expect(messages(elsewhere)).toEqual([`Evidence bucket evidence is not in account ${ACCOUNT}.`]);
  });

  it('is an error when the Object Lock call was denied, or ListBuckets failed', () => {
    const fs = run([bucket('evidence', { objectLock: denied('s3:GetObjectLockConfiguration') })], 'evidence');
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not read the Object Lock configuration of evidence bucket evidence: s3:GetObjectLockConfiguration failed (AccessDenied: Access Denied).',
    ]);
    const missing = evaluate(check, {
      scope,
      params: { evidenceBucket: 'evidence' },
      missing: {
        'aws-s3.buckets': {
          kind: 'error',
          operation: 's3:ListBuckets',
          status: 403,
          message: 'AccessDenied: Access Denied',
        },
      },
    });
    expect(messages(missing)).toEqual(['Could not evaluate: s3:ListBuckets failed (AccessDenied: Access Denied).']);
  });
});
