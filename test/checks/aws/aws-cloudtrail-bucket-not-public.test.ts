import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-cloudtrail-bucket-not-public.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, NONE_BLOCKED, bucket, denied, scope, trail } from './aws-logs-fixtures.js';

const run = (trails: unknown[], buckets: unknown[], account: unknown = null) =>
  evaluate(check, {
    scope,
    data: { 'aws-cloudtrail.trails': trails, 'aws-s3.buckets': buckets, 'aws-s3.accountPublicAccessBlock': account },
  });

describe('aws-cloudtrail-bucket-not-public', () => {
  it('passes when the log buckets in this account are private; buckets elsewhere are left to their account', () => {
    const fs = run([trail('main'), trail('central', { S3BucketName: 'org-log-archive' })], [bucket('main-logs')]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`No CloudTrail log bucket of account ${ACCOUNT} is public (main-logs).`]);
    expect(fs[0]!.observed).toEqual({ buckets: ['main-logs'], bucketsElsewhere: ['org-log-archive'] });
  });

  it('fails a log bucket made public by its policy, naming the trails writing to it', () => {
    const open = bucket('shared-logs', { publicAccessBlock: null, policyStatus: { IsPublic: true, hasPolicy: true } });
    const fs = run([trail('a', { S3BucketName: 'shared-logs' }), trail('b', { S3BucketName: 'shared-logs' })], [open]);
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      'Bucket shared-logs, which receives the logs of trail a, b, is public through its bucket policy (s3:GetBucketPolicyStatus says IsPublic).',
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'aws-s3-bucket', id: 'shared-logs' });
  });

  it('does not fail a public policy that the account public access block neutralises', () => {
    const open = bucket('main-logs', { publicAccessBlock: null, policyStatus: { IsPublic: true, hasPolicy: true } });
    expect(statuses(run([trail('main')], [open], { ...NONE_BLOCKED, RestrictPublicBuckets: true }))).toEqual(['pass']);
  });

  it('is an error when the bucket policy status could not be read and nothing else blocks it', () => {
    const fs = run(
      [trail('main')],
      [bucket('main-logs', { publicAccessBlock: null, policyStatus: denied('s3:GetBucketPolicyStatus') })],
    );
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not tell whether log bucket main-logs is public: s3:GetBucketPolicyStatus failed (AccessDenied: Access Denied).',
    ]);
  });

  it('is not applicable when every log bucket is in another account', () => {
    const fs = run([trail('main', { S3BucketName: 'org-log-archive' })], []);
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual([
      `The log buckets of the trails of account ${ACCOUNT} (org-log-archive) are in other accounts.`,
    ]);
  });

  it('fails a log bucket missing from the account when its trail reports a delivery error such as NoSuchBucket', () => {
    const fs = run(
      [
        trail('main', {
          S3BucketName: 'deleted-logs',
          status: { IsLogging: true, LatestDeliveryError: 'NoSuchBucket' },
        }),
      ],
      [],
    );
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      `Bucket deleted-logs, which should receive the logs of trail main, is not in account ${ACCOUNT} and the trail reports delivery error NoSuchBucket: the bucket is gone or unreachable, and anyone who creates a bucket of that name could receive the logs.`,
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'aws-s3-bucket', id: 'deleted-logs' });
  });

  it('is an error when a log bucket is missing from the account and the trail status could not be read', () => {
    const fs = run(
      [trail('main', { S3BucketName: 'somewhere-logs', status: denied('cloudtrail:GetTrailStatus') })],
      [],
    );
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not tell whether log bucket somewhere-logs exists elsewhere or is gone: cloudtrail:GetTrailStatus failed (AccessDenied: Access Denied).',
    ]);
  });

  it('is an error naming the call when the S3 data is missing', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'aws-cloudtrail.trails': [trail('main')], 'aws-s3.accountPublicAccessBlock': null },
      missing: {
        'aws-s3.buckets': {
          kind: 'error',
          operation: 's3:ListBuckets',
          status: 403,
          message: 'AccessDenied: Access Denied',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual(['Could not evaluate: s3:ListBuckets failed (AccessDenied: Access Denied).']);
  });
});
