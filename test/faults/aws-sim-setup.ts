import { generateAws } from '../../sim/aws/generate-aws.js';
import { startAwsSim } from '../../sim/aws/aws-sim.js';
import { BREAK_GLASS_ROLE, SIM_REGIONS } from '../../sim/aws/cloudtrail-state.js';
import { simEvidenceBucket } from '../../sim/aws/s3-truth.js';
import { Random } from '../../sim/random.js';
import { UNRESOLVABLE_URL, type ConfigVariant, type MatrixSim } from './fault-matrix.js';

/** An organization of one account (two filler users) in one region, fresh per row: CloudTrail's LookupEvents
 * allows 2 requests a second per account and region, so rows run side by side, each on its own simulator. */
export async function startAwsMatrixSim(): Promise<MatrixSim> {
  const state = generateAws(new Random(5), { accounts: 1, usersPerAccount: 2 });
  const aws = await startAwsSim(state);
  const bucket = simEvidenceBucket(state);
  const config = (variant: ConfigVariant) => ({
    yaml: `version: 1
run: { collectorTimeoutSeconds: 20 }
sources:
  aws:
    accounts: { mode: organization, roleName: ${state.auditRoleName} }
    regions: [${SIM_REGIONS[0]}]
    endpoint: ${variant === 'dns-failure' ? UNRESOLVABLE_URL : aws.endpoint}
    credentials: { accessKeyId: { env: AK }, secretAccessKey: { env: SK } }
    maxAttempts: 3
    requestTimeoutSeconds: 3
    cloudtrail: { breakGlassRoles: [${BREAK_GLASS_ROLE}] }
    identityCenter: { region: ${state.identityCenter!.region} }
${bucket ? `checks:\n  aws-s3-evidence-bucket-object-lock: { evidenceBucket: ${bucket} }\n` : ''}`,
    env: {
      // An access key id the simulator never issued, built from parts so no key-shaped literal sits in the tree.
      AK: variant === 'revoked-credentials' ? ['AKIA', 'REVOKED', 'EXAMPLE00'].join('') : aws.accessKeyId,
      SK: aws.secretAccessKey,
    },
  });
  const now = new Date(state.now);
  return {
    server: aws.server,
    config,
    clock: () => now,
    // The simulated LookupEvents rate (2 a second per account and region) is retried by the SDK, more or less.
    noisyRoutes: ['cloudtrail:LookupEvents'],
    stop: () => aws.server.close(),
  };
}
