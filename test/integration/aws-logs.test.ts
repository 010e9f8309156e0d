import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { parseConfig } from '../../src/config/load-config.js';
import { runCollectors } from '../../src/engine/run-collectors.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { prepareChecks } from '../../src/engine/prepare-checks.js';
import { makeRegistry } from '../../src/model/registry.js';
import type { Finding } from '../../src/model/finding.js';
import { allChecks } from '../../checks/index.js';
import { awsCloudtrailCollector } from '../../collectors/aws/aws-cloudtrail-collector.js';
import { awsS3Collector } from '../../collectors/aws/aws-s3-collector.js';
import { awsBedrockCollector } from '../../collectors/aws/aws-bedrock-collector.js';
import { awsIamCollector } from '../../collectors/aws/aws-iam-collector.js';
import { Random } from '../../sim/random.js';
import { generateAws } from '../../sim/aws/generate-aws.js';
import { startAwsSim, type AwsSim } from '../../sim/aws/aws-sim.js';
import type { AwsSimState } from '../../sim/aws/aws-state.js';
import { cloudtrailTruth } from '../../sim/aws/cloudtrail-truth.js';
import { s3Truth, simEvidenceBucket } from '../../sim/aws/s3-truth.js';
import { bedrockTruth } from '../../sim/aws/bedrock-truth.js';
import { BREAK_GLASS_ROLE, SIM_REGIONS } from '../../sim/aws/cloudtrail-state.js';
import { simRegionsRead } from '../../sim/aws/regions-read.js';
import { mergeTruth, type GroundTruth } from '../../sim/ground-truth.js';

const log = pino({ level: 'silent' });
const checks = makeRegistry(
  'check',
  allChecks.filter((c) => /^aws-(cloudtrail|s3|bedrock)-/.test(c.id)),
);
// aws-iam: the admin-grant event check reads what customer managed policies and groups grant.
const collectors = [awsCloudtrailCollector, awsS3Collector, awsBedrockCollector, awsIamCollector];
let sim: AwsSim | undefined;
afterEach(async () => {
  await sim?.server.close();
  sim = undefined;
});

async function start(): Promise<{ sim: AwsSim; state: AwsSimState }> {
  const state = generateAws(new Random(11), { accounts: 3 });
  sim = await startAwsSim(state);
  return { sim, state };
}

/** `regions`: the optional `sources.aws.regions` restriction; unset, every enabled region is read. */
async function run(s: AwsSim, state: AwsSimState, regions?: readonly string[]) {
  const yaml = `
version: 1
sources:
  aws:
    accounts: { mode: organization, roleName: AssayAudit }
${regions ? `    regions: [${regions.join(', ')}]\n` : ''}    endpoint: ${s.endpoint}
    credentials: { accessKeyId: { env: SIM_AWS_KEY }, secretAccessKey: { env: SIM_AWS_SECRET } }
    maxAttempts: 3
    requestTimeoutSeconds: 5
    cloudtrail: { breakGlassRoles: [${BREAK_GLASS_ROLE}] }
checks:
  aws-s3-evidence-bucket-object-lock: { evidenceBucket: ${simEvidenceBucket(state)} }
`;
  const config = parseConfig(yaml, 'assay.yaml', { SIM_AWS_KEY: s.accessKeyId, SIM_AWS_SECRET: s.secretAccessKey });
  const now = new Date(state.now);
  const { snapshots, runs } = await runCollectors({
    jobs: collectors.map((collector) => ({ collector, config: config.sources.aws })),
    concurrency: 3,
    timeoutMs: 60_000,
    log,
    now: () => now,
    resolveSecret: config.resolveSecret,
    onSnapshot: async () => {},
  });
  return { snapshots, runs, findings: runChecks(prepareChecks(config, checks), snapshots, now) };
}

const failKeys = (fs: readonly Finding[]) =>
  fs
    .filter((f) => f.status === 'fail')
    .map((f) => `${f.checkId}|${f.scope.id}|${f.resource.id}`)
    .sort();
const truthKeys = (t: GroundTruth) =>
  Object.entries(t)
    .flatMap(([check, list]) => list.map((v) => `${check}|${v.scopeId}|${v.resourceId}`))
    .sort();
const routeTotal = (s: AwsSim, prefix: string) =>
  Object.entries(s.server.counts())
    .filter(([k]) => k.startsWith(prefix))
    .reduce((n, [, v]) => n + v, 0);

/**
 * S3 requests the collector should make: S3 Control + ListBuckets, then 4 per bucket (encryption, versioning, Object
 * Lock, tags) plus the exposure calls no block makes moot, plus GetBucketPolicy where the policy status omits IsPublic.
 */
function expectedS3Requests(state: AwsSimState): number {
  return state.accounts.reduce((n, a) => {
    const acct = a.s3.accountPublicAccessBlock;
    return (
      n +
      2 +
      a.s3.buckets.reduce((m, b) => {
        if (acct?.RestrictPublicBuckets && acct.IgnorePublicAcls) return m + 4;
        const policyRead = !(acct?.RestrictPublicBuckets || b.publicAccessBlock?.RestrictPublicBuckets);
        return (
          m +
          5 +
          (policyRead ? 1 + (b.policy?.statusOmitsIsPublic ? 1 : 0) : 0) +
          (acct?.IgnorePublicAcls || b.publicAccessBlock?.IgnorePublicAcls ? 0 : 1)
        );
      }, 0)
    );
  }, 0);
}

/** kms:DescribeKey: once per distinct key a default encryption names by id or ARN (aliases need no call). */
const expectedDescribeKeys = (state: AwsSimState): number =>
  state.accounts.reduce(
    (n, a) =>
      n +
      new Set(
        a.s3.buckets.flatMap((b) =>
          b.encryption.kmsKeyId && !b.encryption.kmsKeyId.includes('alias/') ? [b.encryption.kmsKeyId] : [],
        ),
      ).size,
    0,
  );

describe('aws-cloudtrail, aws-s3 and aws-bedrock on the simulated organization', () => {
  it('flag exactly the planted violations, page LookupEvents within the rate limit, and record every request', async () => {
    const { sim, state } = await start();
    const { findings, runs, snapshots } = await run(sim, state);
    expect(findings.filter((f) => f.status === 'error')).toEqual([]);
    const truth = mergeTruth(cloudtrailTruth(state), s3Truth(state), bedrockTruth(state));
    expect(Object.keys(truth).sort()).toEqual([...checks.keys()].sort());
    for (const id of checks.keys()) expect(truth[id]!.length, `${id} has planted violations`).toBeGreaterThan(0);
    expect(failKeys(findings)).toEqual(truthKeys(truth));

    // Every enabled region is read: 6 in each account, 7 in prod (af-south-1 opted in); one ListRegions per account,
    // shared by aws-cloudtrail and aws-bedrock.
    const regions = state.accounts.reduce((n, a) => n + simRegionsRead(a).size, 0);
    expect(regions).toBe(6 + 7 + 6);
    expect(sim.server.counts()['account:ListRegions']).toBe(3);
    // Per account: 11 IAM event names in us-east-1; per region read, ConsoleLogin, 5 trail events, the break-glass
    // role and Bedrock use. The management account's 63 us-east-1 sign-ins need a second page. No throttled retry.
    expect(sim.server.counts()['cloudtrail:LookupEvents']).toBe(3 * 11 + regions * 8 + 1);
    // DescribeTrails per region; status and selectors once per trail (5 trails), not per region seen.
    expect(sim.server.counts()['cloudtrail:DescribeTrails']).toBe(regions);
    expect(sim.server.counts()['cloudtrail:GetTrailStatus']).toBe(5);
    expect(sim.server.counts()['s3:GetBucketLocation']).toBeUndefined();
    expect(routeTotal(sim, 's3:')).toBe(expectedS3Requests(state));
    expect(routeTotal(sim, 'kms:')).toBe(expectedDescribeKeys(state));
    expect(routeTotal(sim, 'bedrock:')).toBe(regions);
    // Four AWS collectors share one account discovery and one session per member account (ctx.shared).
    expect(sim.server.counts()['sts:GetCallerIdentity']).toBe(1);
    expect(sim.server.counts()['organizations:ListAccounts']).toBe(1);
    expect(sim.server.counts()['sts:AssumeRole']).toBe(state.accounts.length - 1);
    const byCollector = Object.fromEntries(runs.map((r) => [r.collector, r.requests]));
    expect(byCollector).toEqual({
      'aws-cloudtrail': routeTotal(sim, 'cloudtrail:'),
      'aws-s3': routeTotal(sim, 's3:') + routeTotal(sim, 'kms:'),
      'aws-bedrock': routeTotal(sim, 'bedrock:'),
      'aws-iam': routeTotal(sim, 'iam:'),
    });

    // Credentials in the events (AssumeRole responses, access key ids) never reach a snapshot.
    const text = JSON.stringify(snapshots);
    expect(text).not.toMatch(/ASIAsim|simSessionToken|simSecret|SIMtmp/);
  });

  it('reports error, never pass, for the checks whose calls fail; the other checks are unaffected', async () => {
    const { sim, state } = await start();
    sim.fail('cloudtrail:LookupEvents', { status: 403, code: 'AccessDeniedException' });
    sim.fail('s3:GetBucketEncryption', { status: 500, code: 'InternalError' });
    const { findings } = await run(sim, state, SIM_REGIONS);
    const status = (id: string) => [...new Set(findings.filter((f) => f.checkId === id).map((f) => f.status))];
    for (const id of [...checks.keys()].filter((k) => k.startsWith('aws-cloudtrail-event-'))) {
      expect(status(id), id).toEqual(['error']);
      expect(findings.find((f) => f.checkId === id)!.message).toMatch(
        /^Could not evaluate: cloudtrail:LookupEvents failed \(AccessDeniedException/,
      );
    }
    expect(status('aws-bedrock-invocation-logging')).toEqual(['error']);
    // Only the buckets tagged as sensitive need their encryption.
    const sensitive = findings.filter((f) => f.checkId === 'aws-s3-sensitive-buckets-customer-managed-kms');
    expect([...new Set(sensitive.map((f) => f.status))]).toEqual(['error']);
    expect(sensitive.map((f) => f.resource.id).sort()).toEqual(
      state.accounts
        .flatMap((a) => a.s3.buckets.filter((b) => Object.keys(b.tags).some((k) => k !== 'team')).map((b) => b.name))
        .sort(),
    );
    // Unaffected: same failures as the ground truth says.
    const truth = mergeTruth(cloudtrailTruth(state), s3Truth(state));
    const unaffected = [
      'aws-cloudtrail-multi-region-logging',
      'aws-cloudtrail-kms-encryption',
      'aws-s3-buckets-not-public',
      'aws-s3-account-public-access-block',
    ];
    expect(failKeys(findings.filter((f) => unaffected.includes(f.checkId)))).toEqual(
      truthKeys(Object.fromEntries(unaffected.map((id) => [id, truth[id]!]))),
    );
    // A failed lookup stops the rest of its dataset: one LookupEvents per dataset and region reached, not one per event name.
    expect(sim.server.counts()['cloudtrail:LookupEvents']).toBeLessThanOrEqual(3 * (2 + 2 * 4));
  });

  it('with sources.aws.regions, misses what happens elsewhere and says so in every pass', async () => {
    const { sim, state } = await start();
    const { findings } = await run(sim, state, SIM_REGIONS);
    const truth = mergeTruth(
      cloudtrailTruth(state, { regions: SIM_REGIONS }),
      s3Truth(state),
      bedrockTruth(state, SIM_REGIONS),
    );
    expect(findings.filter((f) => f.status === 'error')).toEqual([]);
    expect(failKeys(findings)).toEqual(truthKeys(truth));
    // The sign-in through the account sign-in URL (us-east-2) is one of the events a restricted read cannot see.
    expect(failKeys(findings).length).toBeLessThan(
      truthKeys(mergeTruth(cloudtrailTruth(state), s3Truth(state), bedrockTruth(state))).length,
    );
    const ml = state.accounts[2]!.id;
    const pass = findings.find(
      (f) => f.checkId === 'aws-cloudtrail-event-break-glass-role-assumed' && f.scope.id === ml,
    )!;
    expect(pass.status).toBe('pass');
    expect(pass.message).toMatch(
      / in us-east-1, eu-west-1 \(not read: ap-southeast-2, eu-north-1, us-east-2, us-west-2, enabled but left out by sources\.aws\.regions\)\.$/,
    );
    const bedrock = findings.find(
      (f) => f.checkId === 'aws-bedrock-invocation-logging' && f.scope.id === state.accounts[0]!.id,
    )!;
    expect(bedrock.status).toBe('pass');
    expect(bedrock.message).toContain('not read: ap-southeast-2, eu-north-1, us-east-2, us-west-2');
  });
});
