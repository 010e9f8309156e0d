import type { GroundTruth, PlantedViolation } from '../ground-truth.js';
import type { AwsSimAccount, AwsSimState } from './aws-state.js';
import type { SimEventRisk, SimTrail } from './cloudtrail-state.js';
import { simRegionsRead } from './regions-read.js';
import { simBucketIsPublic } from './s3-truth.js';

const RISK_CHECKS: Record<SimEventRisk, string> = {
  'admin-grant': 'aws-cloudtrail-event-admin-policy-attached',
  'root-login': 'aws-cloudtrail-event-root-console-login',
  'login-without-mfa': 'aws-cloudtrail-event-console-login-without-mfa',
  'mfa-removed': 'aws-cloudtrail-event-mfa-device-removed',
  'trail-change': 'aws-cloudtrail-event-logging-tampered',
  'break-glass': 'aws-cloudtrail-event-break-glass-role-assumed',
};

export interface CloudTrailTruthOptions {
  /** The configured `sources.aws.cloudtrail.lookbackHours` (first run: no previous run). */
  lookbackHours?: number;
  /** `sources.aws.regions`; unset: every region enabled for each account. us-east-1 is read anyway (IAM events). */
  regions?: readonly string[];
  /** False when `breakGlassRoles` is not configured. */
  breakGlass?: boolean;
}

const arn = (owner: string, t: SimTrail) => `arn:aws:cloudtrail:${t.homeRegion}:${owner}:trail/${t.name}`;

function coveredByTrail(state: AwsSimState, a: AwsSimAccount): boolean {
  const management = state.accounts.find((x) => x.id === state.managementAccountId);
  const candidates = [
    ...a.cloudtrail.trails,
    ...(management && management !== a ? management.cloudtrail.trails.filter((t) => t.organization) : []),
  ];
  return candidates.some(
    (t) =>
      t.multiRegion && t.logging && t.readWrite === 'All' && !t.deliveryError && (t.excludeSources ?? []).length === 0,
  );
}

/** What the aws-cloudtrail checks must flag, from the simulated trails, buckets and the risks planted in events. */
export function cloudtrailTruth(state: AwsSimState, opts: CloudTrailTruthOptions = {}): GroundTruth {
  const { lookbackHours = 24, regions, breakGlass = true } = opts;
  const t: Record<string, PlantedViolation[]> = {
    'aws-cloudtrail-multi-region-logging': [],
    'aws-cloudtrail-log-file-validation': [],
    'aws-cloudtrail-kms-encryption': [],
    'aws-cloudtrail-bucket-not-public': [],
    ...Object.fromEntries(Object.values(RISK_CHECKS).map((id) => [id, []])),
  };
  if (!breakGlass) delete t['aws-cloudtrail-event-break-glass-role-assumed'];
  const now = Date.parse(state.now);
  for (const a of state.accounts.filter((x) => x.status === 'ACTIVE' && !x.denyAssumeRole)) {
    const read = simRegionsRead(a, regions);
    const add = (check: string, resourceId: string) => t[check]?.push({ scopeId: a.id, resourceId });
    if (!coveredByTrail(state, a)) add('aws-cloudtrail-multi-region-logging', a.id);
    const flaggedLogBuckets = new Set<string>();
    for (const trail of a.cloudtrail.trails) {
      if (!trail.logFileValidation) add('aws-cloudtrail-log-file-validation', arn(a.id, trail));
      if (!trail.kmsKeyId) add('aws-cloudtrail-kms-encryption', arn(a.id, trail));
      const bucket = a.s3.buckets.find((b) => b.name === trail.bucket);
      if (bucket && simBucketIsPublic(a, bucket)) flaggedLogBuckets.add(bucket.name);
      // Not in the account and not delivered to: gone (or unreachable), whatever account it was meant to be in.
      if (!bucket && trail.deliveryError) flaggedLogBuckets.add(trail.bucket);
    }
    for (const b of flaggedLogBuckets) add('aws-cloudtrail-bucket-not-public', b);
    for (const e of a.cloudtrail.events) {
      if (!read.has(e.region) || now - Date.parse(e.time) > lookbackHours * 3_600_000) continue;
      for (const risk of e.risks) add(RISK_CHECKS[risk], e.id);
    }
  }
  return t;
}
