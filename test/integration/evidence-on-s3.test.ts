import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { S3Client } from '@aws-sdk/client-s3';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { startS3ObjectSim, type S3ObjectSim } from '../../sim/aws/s3-object-server.js';
import { parseConfig } from '../../src/config/load-config.js';
import { executeRun } from '../../src/cli/run-command.js';
import { verifyCommand } from '../../src/cli/evidence-commands.js';
import { bufferOutput } from '../../src/cli/output.js';
import { EvidenceError, StoreUnusableError } from '../../src/errors.js';
import { S3BlobStore } from '../../src/evidence/s3-blob-store.js';
import { S3LockBackend } from '../../src/evidence/s3-run-lock.js';
import { acquireRunLock, RunLockedError } from '../../src/evidence/run-lock.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { githubConfig } from '../support/sim-run.js';

let sim: SimulatedOrganization;
let objects: S3ObjectSim;
let client: S3Client;
const silent = pino({ level: 'silent' });

beforeAll(async () => {
  sim = await startSimulatedOrganization({ seed: 7 });
  objects = await startS3ObjectSim(sim.aws.state);
  // The store's credentials come from the AWS SDK's default chain, as in production: here, the environment.
  vi.stubEnv('AWS_ACCESS_KEY_ID', sim.aws.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', sim.aws.secretAccessKey);
  vi.stubEnv('AWS_ENDPOINT_URL_S3', objects.endpoint);
  client = new S3Client({
    region: 'us-east-1',
    endpoint: objects.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: sim.aws.accessKeyId, secretAccessKey: sim.aws.secretAccessKey },
  });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  client.destroy();
  await objects.close();
  await sim.stop();
});

const unlockedBucket = () =>
  sim.aws.state.accounts[0]!.s3.buckets.find((b) => b.objectLock === null && b.region === 'us-east-1')!.name;

const configFor = (evidence: string) =>
  parseConfig(
    `${githubConfig(sim, { timeoutSeconds: 20, requestTimeoutSeconds: 2 })}evidence:\n${evidence}`,
    'assay.yaml',
    { GH: sim.github.token },
  );

const s3Evidence = (bucket: string, prefix: string, extra = '') =>
  `  store: s3\n  bucket: ${bucket}\n  prefix: ${prefix}\n  region: us-east-1\n  endpoint: ${objects.endpoint}\n${extra}`;

describe('assay run with the evidence store on (simulated) S3', () => {
  it('stores two chained runs in the Object Lock bucket that verify, recording the store as locked', async () => {
    const bucket = sim.aws.evidenceBucket!;
    const config = configFor(s3Evidence(bucket, 'assay/'));
    const first = await executeRun(config, silent, bufferOutput(), 'none');
    const second = await executeRun(config, silent, bufferOutput(), 'none');
    expect(first.result.manifest.store).toEqual({ location: `s3://${bucket}/assay/`, locked: true });
    expect(second.result.manifest.previous).toMatchObject({ sequence: 1, runId: first.result.runId });
    expect(second.reportPath).toBe(`s3://${bucket}/assay/runs/${second.result.runId}/report.html`);

    const blobs = new S3BlobStore({ client, bucket, prefix: 'assay/' });
    expect(await verifyEvidence(blobs)).toMatchObject({ ok: true, runs: 2, problems: [], incompleteRuns: [] });
    // Every object was written once, never replaced; the lock was released with a delete marker.
    const lock = objects.objects(bucket).versions('assay/locks/run.json');
    expect(lock.map((v) => v.deleteMarker)).toEqual([false, true, false, true]);

    const out = bufferOutput();
    expect(await verifyCommand(`s3://${bucket}/assay/`, out, 'us-east-1')).toBe(0);
    expect(out.text()).toMatch(
      new RegExp(
        `✔ Evidence verified: 2 runs in s3://${bucket}/assay/;[^\\n]*\\n  head: run #2 ${second.result.runId}, manifest sha256 [0-9a-f]{64}$`,
      ),
    );
  });

  it('a second write of a key is a clear error (412), and the stored object is unchanged', async () => {
    const bucket = sim.aws.evidenceBucket!;
    const blobs = new S3BlobStore({ client, bucket, prefix: 'assay/' });
    const before = await blobs.get('chain/00000001.json');
    const err = await blobs.putIfAbsent('chain/00000001.json', Buffer.from('{}')).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(EvidenceError);
    expect(err?.message).toBe(
      `evidence key 'chain/00000001.json' already exists in s3://${bucket}/assay/; it is never overwritten`,
    );
    expect(await blobs.get('chain/00000001.json')).toEqual(before);
  });

  it('a run while another holds the lock stops before collecting, in one line', async () => {
    const bucket = sim.aws.evidenceBucket!;
    const other = await acquireRunLock(new S3LockBackend(client, bucket, 'locked/'), { staleAfterMs: 60_000 });
    const requests = sim.github.server.total();
    const err = await executeRun(configFor(s3Evidence(bucket, 'locked/')), silent, bufferOutput(), 'none').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(RunLockedError);
    expect(err?.message).toMatch(
      /^another assay run holds the run lock of this evidence store \(s3:\/\/.*\/locked\/locks\/run\.json\): since /,
    );
    expect(err?.message).not.toContain('\n');
    expect(sim.github.server.total()).toBe(requests);
    await other.release();
  });

  it('refuses a bucket without Object Lock, unless allowUnlocked, which every manifest then records', async () => {
    const bucket = unlockedBucket();
    const refused = await executeRun(configFor(s3Evidence(bucket, 'x/')), silent, bufferOutput(), 'none').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(refused).toBeInstanceOf(StoreUnusableError);
    expect(refused?.message).toMatch(
      /^s3:\/\/.*\/x\/: the bucket has no Object Lock, so stored evidence could be deleted/,
    );
    const { result } = await executeRun(
      configFor(s3Evidence(bucket, 'x/', '  allowUnlocked: true\n')),
      silent,
      bufferOutput(),
      'none',
    );
    expect(result.manifest.store).toEqual({ location: `s3://${bucket}/x/`, locked: false });
  });
});
