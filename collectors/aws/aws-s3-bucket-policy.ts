import { GetBucketPolicyCommand, GetBucketPolicyStatusCommand, type S3Client } from '@aws-sdk/client-s3';
import type { CallFn } from '../../src/model/collector.js';
import { isFailed } from '../../src/model/datasets/aws-call-failure.js';
import type { Bucket } from '../../src/model/datasets/aws-s3.js';
import { publicPolicyStatements } from '../../src/model/datasets/aws-s3-policy.js';
import { probe } from './aws-call-probe.js';
import { orNone } from './aws-s3-or-none.js';

/**
 * GetBucketPolicyStatus decides when it answers IsPublic. A response without it is unknown, not private: then the
 * policy itself (GetBucketPolicy) is judged, and only its public statements are kept. No policy (NoSuchBucketPolicy)
 * is private. https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicyStatus.html
 */
export async function readBucketPolicy(
  call: CallFn,
  s3: S3Client,
  Bucket: string,
  signal: AbortSignal,
): Promise<Pick<Bucket, 'policyStatus' | 'policy'>> {
  const opts = { abortSignal: signal };
  const policyStatus = await probe(
    call,
    's3:GetBucketPolicyStatus',
    () =>
      orNone(
        async () => {
          const isPublic = (await s3.send(new GetBucketPolicyStatusCommand({ Bucket }), opts)).PolicyStatus?.IsPublic;
          return { IsPublic: typeof isPublic === 'boolean' ? isPublic : null, hasPolicy: true };
        },
        ['NoSuchBucketPolicy'],
        { IsPublic: false, hasPolicy: false },
      ),
    signal,
  );
  if (isFailed(policyStatus) || policyStatus.IsPublic !== null) return { policyStatus };
  const policy = await probe(
    call,
    's3:GetBucketPolicy',
    () =>
      orNone(
        async () => {
          const text = (await s3.send(new GetBucketPolicyCommand({ Bucket }), opts)).Policy;
          if (!text) throw new Error(`s3:GetBucketPolicy returned no policy for bucket ${Bucket}`);
          return { publicStatements: publicPolicyStatements(text) };
        },
        ['NoSuchBucketPolicy'],
        null,
      ),
    signal,
  );
  return { policyStatus, policy };
}
