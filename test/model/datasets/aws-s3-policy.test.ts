import { describe, expect, it } from 'vitest';
import { publicPolicyStatements } from '../../../src/model/datasets/aws-s3-policy.js';

const policy = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };

describe('publicPolicyStatements', () => {
  it('finds an Allow to everyone, in each way a policy can say it', () => {
    expect(publicPolicyStatements(policy({ ...read, Sid: 'Web', Principal: '*' }))).toEqual([
      { sid: 'Web', actions: ['s3:GetObject'], conditionKeys: [] },
    ]);
    expect(publicPolicyStatements(policy({ ...read, Principal: { AWS: ['arn:aws:iam::1:root', '*'] } }))).toHaveLength(
      1,
    );
    expect(publicPolicyStatements(policy({ ...read, NotPrincipal: { AWS: 'arn:aws:iam::1:root' } }))).toHaveLength(1);
    // A single statement need not be in an array.
    expect(publicPolicyStatements(JSON.stringify({ Statement: { ...read, Principal: '*' } }))).toHaveLength(1);
  });

  it('keeps a wildcard grant public when its condition does not pin it to fixed principals, networks or sources', () => {
    const open = [
      { StringLike: { 'aws:SourceVpce': 'vpce-*' } },
      { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } },
      { StringNotEquals: { 'aws:SourceAccount': '111122223333' } },
      { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } },
      { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      { StringEquals: { 'aws:PrincipalOrgID': '${aws:PrincipalTag/org}' } },
      { Bool: { 'aws:SecureTransport': 'true' } },
    ];
    for (const Condition of open) {
      expect(publicPolicyStatements(policy({ ...read, Principal: '*', Condition })), JSON.stringify(Condition)).toEqual(
        [{ actions: ['s3:GetObject'], conditionKeys: Object.keys(Object.values(Condition)[0]) }],
      );
    }
  });

  it('is not public when a condition pins the grant, or when only named principals or Deny statements are involved', () => {
    const pinned = [
      { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      { StringEquals: { 'AWS:SourceVpce': ['vpce-1', 'vpce-2'] } },
      { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      { ArnEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' } },
      { 'ForAnyValue:StringEquals': { 'aws:PrincipalAccount': '111122223333' } },
    ];
    for (const Condition of pinned)
      expect(publicPolicyStatements(policy({ ...read, Principal: '*', Condition })), JSON.stringify(Condition)).toEqual(
        [],
      );
    expect(
      publicPolicyStatements(
        policy(
          { ...read, Principal: { Service: 'cloudtrail.amazonaws.com' } },
          { ...read, Principal: { AWS: 'arn:aws:iam::111122223333:root' } },
          { ...read, Effect: 'Deny', Principal: '*' },
        ),
      ),
    ).toEqual([]);
  });

  it('throws on text that is not a policy: unreadable is unknown, not private', () => {
    expect(() => publicPolicyStatements('{nope')).toThrow('the bucket policy is not JSON');
    expect(() => publicPolicyStatements('{}')).toThrow('the bucket policy has no Statement');
  });
});
