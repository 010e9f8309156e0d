import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-s3-buckets-not-public.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, ALL_BLOCKED, NONE_BLOCKED, bucket, denied, scope } from './aws-logs-fixtures.js';

const run = (buckets: unknown[], account: unknown = NONE_BLOCKED, params: Record<string, unknown> = {}) =>
  evaluate(check, { scope, data: { 'aws-s3.buckets': buckets, 'aws-s3.accountPublicAccessBlock': account }, params });
const openPolicy = { publicAccessBlock: null, policyStatus: { IsPublic: true, hasPolicy: true } };
const openAcl = {
  publicAccessBlock: null,
  acl: { publicGrants: [{ grantee: 'AllUsers' as const, permission: 'READ' }] },
};

describe('aws-s3-buckets-not-public', () => {
  it('passes when public policies and ACLs are neutralised by the bucket or account block', () => {
    const fs = run(
      [
        bucket('a', { ...openPolicy, publicAccessBlock: { ...NONE_BLOCKED, RestrictPublicBuckets: true } }),
        bucket('b', openAcl),
        // The ACL was not read: the account's IgnorePublicAcls makes it moot.
        bucket('c', { acl: undefined }),
      ],
      { ...NONE_BLOCKED, IgnorePublicAcls: true },
    );
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`None of the 3 buckets of account ${ACCOUNT} is public.`]);
  });

  it('passes an everything-blocked account without any per-bucket exposure data', () => {
    expect(
      statuses(
        run([bucket('c', { publicAccessBlock: undefined, policyStatus: undefined, acl: undefined })], ALL_BLOCKED),
      ),
    ).toEqual(['pass']);
  });

  it('fails each bucket public by policy or ACL, and reports allowed public buckets in the pass instead', () => {
    const fs = run([
      bucket('site', openAcl),
      bucket('data', { ...openPolicy, acl: openAcl.acl, BucketRegion: 'eu-west-1' }),
      bucket('ok'),
    ]);
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'Bucket data (eu-west-1) is public through its bucket policy and ACL (s3:GetBucketPolicyStatus says IsPublic; s3:GetBucketAcl grants AllUsers READ).',
      'Bucket site (us-east-1) is public through its ACL (s3:GetBucketAcl grants AllUsers READ).',
    ]);
    expect(fs[1]!.resource).toEqual({ type: 'aws-s3-bucket', id: 'site' });
    const allowed = run([bucket('site', openAcl), bucket('ok')], NONE_BLOCKED, { allowedPublicBuckets: ['site'] });
    expect(messages(allowed)).toEqual([
      `None of the 2 buckets of account ${ACCOUNT} is public apart from the allowed site.`,
    ]);
  });

  it('is an error for the one bucket whose call was denied, while the others are still judged', () => {
    const fs = run([
      bucket('locked', { publicAccessBlock: null, policyStatus: denied('s3:GetBucketPolicyStatus') }),
      bucket('open', openPolicy),
      bucket('ok'),
    ]);
    expect(statuses(fs)).toEqual(['error', 'fail']);
    expect(messages(fs)).toEqual([
      'Could not tell whether bucket locked is public: s3:GetBucketPolicyStatus failed (AccessDenied: Access Denied).',
      'Bucket open (us-east-1) is public through its bucket policy (s3:GetBucketPolicyStatus says IsPublic).',
    ]);
  });

  it('judges the bucket policy itself when GetBucketPolicyStatus gives no IsPublic, and says so', () => {
    const unsure = { publicAccessBlock: null, policyStatus: { IsPublic: null, hasPolicy: true } };
    const fs = run([
      bucket('a-open', {
        ...unsure,
        policy: {
          publicStatements: [{ sid: 'Share', actions: ['s3:GetObject'], conditionKeys: ['aws:SecureTransport'] }],
        },
      }),
      bucket('b-pinned', { ...unsure, policy: { publicStatements: [] } }),
      bucket('c-gone', { ...unsure, policy: null }),
      bucket('d-denied', { ...unsure, policy: denied('s3:GetBucketPolicy') }),
      // Without IsPublic and without the policy the answer is unknown: never private by default.
      bucket('e-unread', unsure),
    ]);
    expect(statuses(fs)).toEqual(['fail', 'error', 'error']);
    expect(messages(fs)).toEqual([
      'Bucket a-open (us-east-1) is public through its bucket policy (s3:GetBucketPolicy (GetBucketPolicyStatus gave no IsPublic): statement Share allows anyone s3:GetObject under conditions on aws:SecureTransport that do not restrict who).',
      'Could not tell whether bucket d-denied is public: s3:GetBucketPolicy failed (AccessDenied: Access Denied).',
      'Could not tell whether bucket e-unread is public: s3:GetBucketPolicy failed (not collected).',
    ]);
    expect(statuses(run([bucket('b-pinned', { ...unsure, policy: { publicStatements: [] } })]))).toEqual(['pass']);
  });

  it('is an error when the bucket block is unknown and the policy is public', () => {
    const fs = run([
      bucket('x', {
        publicAccessBlock: denied('s3:GetPublicAccessBlock'),
        policyStatus: { IsPublic: true, hasPolicy: true },
      }),
    ]);
    expect(messages(fs)).toEqual([
      'Could not tell whether bucket x is public: s3:GetPublicAccessBlock failed (AccessDenied: Access Denied).',
    ]);
  });

  it('is an error naming the call when ListBuckets failed', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'aws-s3.accountPublicAccessBlock': null },
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
