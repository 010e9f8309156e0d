import { generateKeyPairSync } from 'node:crypto';
import { generateGoogle } from '../../sim/google/generate-google.js';
import { startGoogleSim } from '../../sim/google/google-sim.js';
import { Random } from '../../sim/random.js';
import { UNRESOLVABLE_URL, type ConfigVariant, type MatrixSim } from './fault-matrix.js';

const NOW = new Date('2026-11-23T12:00:00.000Z');

/** The service account's key with another private key: what Google says of a deleted (revoked) key. */
function revokedKey(keyJson: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = JSON.parse(keyJson) as Record<string, unknown>;
  return JSON.stringify({ ...key, private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
}

/** A Workspace customer of 40 users, shared by the rows of the file. */
export async function startGoogleMatrixSim(): Promise<MatrixSim> {
  const state = generateGoogle(new Random(5), { users: 40, now: NOW });
  const sim = await startGoogleSim(state);
  const revoked = revokedKey(sim.serviceAccountKeyJson);
  const d = state.designations;
  const config = (variant: ConfigVariant) => {
    const root = variant === 'dns-failure' ? `${UNRESOLVABLE_URL}/` : sim.rootUrl;
    const token = variant === 'dns-failure' ? `${UNRESOLVABLE_URL}/token` : sim.tokenUrl;
    return {
      yaml: `version: 1
run: { collectorTimeoutSeconds: 10 }
sources:
  google:
    domain: ${sim.domain}
    rootUrl: ${root}
    tokenUrl: ${token}
    auth:
      subject: ${sim.subject}
      serviceAccountKey: { env: GOOGLE_KEY }
    breakGlassAccounts: [${d.breakGlassAccounts.join(', ')}]
    lookbackDays: ${d.lookbackDays}
    retries: 1
    requestTimeoutSeconds: 1
people:
  executives:
    groups: [${d.executives.groups.join(', ')}]
    emails: [${d.executives.emails.join(', ')}]
    orgUnits: [${d.executives.orgUnits.join(', ')}]
checks:
  google-third-party-app-access:
    allowedClientIds: [${d.approvedClientIds.join(', ')}]
    allowedAppNames: [${d.approvedAppNames.join(', ')}]
  google-super-admin-count: { minimum: ${d.superAdminMinimum}, maximum: ${d.superAdminMaximum} }
  google-inactive-accounts: { maxInactiveDays: ${d.maxInactiveDays} }
`,
      env: { GOOGLE_KEY: variant === 'revoked-credentials' ? revoked : sim.serviceAccountKeyJson },
    };
  };
  return { server: sim.server, config, clock: () => NOW, stop: () => sim.server.close() };
}
