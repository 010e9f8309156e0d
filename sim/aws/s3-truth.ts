import type { GroundTruth, PlantedViolation } from '../ground-truth.js';
import type { AwsSimAccount, AwsSimState } from './aws-state.js';
import type { SimBucket } from './s3-state.js';
import { findKmsKey } from './kms-generate.js';

/** The default `sensitiveTags` of aws-s3-sensitive-buckets-customer-managed-kms (values compared case-insensitively). */
const SENSITIVE: Record<string, string[]> = {
  'data-classification': ['confidential', 'restricted'],
  purpose: ['training-data'],
};

const isSensitive = (b: SimBucket) =>
  Object.entries(b.tags).some(([k, v]) => SENSITIVE[k]?.includes(v.toLowerCase()) === true);

/** SSE-KMS with a key the account's KMS says is customer-managed. */
function onCustomerKey(a: AwsSimAccount, b: SimBucket): boolean {
  const e = b.encryption;
  if (e.algorithm !== 'aws:kms' || !e.kmsKeyId) return false;
  return findKmsKey(a.kms, b.region, e.kmsKeyId)?.manager === 'CUSTOMER';
}

/** Reachable by anyone: a public policy not restricted, or a public ACL not ignored, at bucket or account level. */
export function simBucketIsPublic(account: AwsSimAccount, b: SimBucket): boolean {
  const acct = account.s3.accountPublicAccessBlock;
  const restrict = acct?.RestrictPublicBuckets || b.publicAccessBlock?.RestrictPublicBuckets;
  const ignore = acct?.IgnorePublicAcls || b.publicAccessBlock?.IgnorePublicAcls;
  return (b.policy?.public === true && !restrict) || (b.aclPublicRead && !ignore);
}

/** The evidence bucket the simulated company keeps (configure `checks.aws-s3-evidence-bucket-object-lock.evidenceBucket`). */
export const simEvidenceBucket = (state: AwsSimState): string | undefined =>
  state.accounts.map((a) => a.s3.evidenceBucket).find((b) => b !== undefined);

/** What the aws-s3 checks must flag, from the simulated buckets' settings. */
export function s3Truth(state: AwsSimState): GroundTruth {
  const t: Record<string, PlantedViolation[]> = {
    'aws-s3-account-public-access-block': [],
    'aws-s3-buckets-not-public': [],
    'aws-s3-sensitive-buckets-customer-managed-kms': [],
    'aws-s3-evidence-bucket-object-lock': [],
  };
  for (const a of state.accounts.filter((x) => x.status === 'ACTIVE' && !x.denyAssumeRole)) {
    const block = a.s3.accountPublicAccessBlock;
    if (!block || Object.values(block).some((v) => !v))
      t['aws-s3-account-public-access-block']!.push({ scopeId: a.id, resourceId: a.id });
    for (const b of a.s3.buckets) {
      if (simBucketIsPublic(a, b)) t['aws-s3-buckets-not-public']!.push({ scopeId: a.id, resourceId: b.name });
      if (isSensitive(b) && !onCustomerKey(a, b))
        t['aws-s3-sensitive-buckets-customer-managed-kms']!.push({ scopeId: a.id, resourceId: b.name });
      // Only a default COMPLIANCE retention passes: GOVERNANCE can be bypassed, and no default locks nothing by itself.
      const compliance = typeof b.objectLock === 'object' && b.objectLock?.mode === 'COMPLIANCE';
      if (b.name === a.s3.evidenceBucket && !compliance)
        t['aws-s3-evidence-bucket-object-lock']!.push({ scopeId: a.id, resourceId: b.name });
    }
  }
  return t;
}
