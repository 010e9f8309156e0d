import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { startS3ObjectSim, type S3ObjectSim } from '../../sim/aws/s3-object-server.js';
import { parseConfig } from '../../src/config/load-config.js';
import { shardCollect, shardEvaluate, shardPlan } from '../../src/cli/shard-commands.js';
import { openRunStore } from '../../src/cli/open-store.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { UsageError } from '../../src/errors.js';
import { githubConfig } from '../support/sim-run.js';

let sim: SimulatedOrganization;
let objects: S3ObjectSim;
let client: S3Client;
const silent = pino({ level: 'silent' });

beforeAll(async () => {
  sim = await startSimulatedOrganization({ seed: 7, githubOrgs: 2 });
  objects = await startS3ObjectSim(sim.aws.state);
  // The store's credentials come from the AWS SDK's default chain, as in the Lambda function: here, the environment.
  vi.stubEnv('AWS_ACCESS_KEY_ID', sim.aws.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', sim.aws.secretAccessKey);
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

const configFor = (evidence: string) =>
  parseConfig(
    `${githubConfig(sim, { timeoutSeconds: 20, requestTimeoutSeconds: 2 })}evidence:\n${evidence}`,
    'assay.yaml',
    { GH: sim.github.token },
  );

describe('the fan-out steps as the state machine calls them', () => {
  it('stores the map items in the S3 store for the item reader, and the run they drive commits and verifies', async () => {
    const bucket = sim.aws.evidenceBucket!;
    const config = configFor(
      `  store: s3\n  bucket: ${bucket}\n  prefix: fan-out/\n  region: us-east-1\n  endpoint: ${objects.endpoint}\n`,
    );
    const plan = await shardPlan(config, silent, { items: 'stored' });
    expect(plan).toEqual({
      runId: plan.runId,
      requests: 0,
      shards: 2,
      itemsBucket: bucket,
      itemsKey: `fan-out/runs/${plan.runId}/map-items.json`,
    });
    // What the Distributed Map's S3 JSON item reader gets: one item per shard, each a collect step's input.
    if (!('itemsKey' in plan)) throw new Error('expected the items in the store');
    const got = await client.send(new GetObjectCommand({ Bucket: plan.itemsBucket, Key: plan.itemsKey }));
    const items = JSON.parse(await got.Body!.transformToString()) as Array<{ runId: string; shard: string }>;
    expect(items).toEqual(sim.github.orgs.map((o) => ({ runId: plan.runId, shard: `github.${o.login}` })));

    for (const item of items) await shardCollect(config, { action: 'shards.collect', ...item }, silent);
    const out = await shardEvaluate(config, { action: 'shards.evaluate', runId: plan.runId }, silent);
    expect(out.runId).toBe(plan.runId);
    expect(out.summary.fail).toBeGreaterThan(0);

    const opened = openRunStore(config, silent, undefined);
    try {
      const [manifest] = await opened.store.listRuns();
      const paths = manifest!.artifacts.map((a) => a.path);
      expect(paths).toEqual(expect.arrayContaining(['plan.json', 'map-items.json']));
      expect(await verifyEvidence(opened.blobs)).toMatchObject({ ok: true, runs: 1 });
    } finally {
      opened.close();
    }
  }, 120_000);

  it("refuses items other than 'stored', and stored items without an S3 store", async () => {
    const local = configFor(`  store: local\n  path: ./unused\n`);
    await expect(shardPlan(local, silent, { items: 'inline' })).rejects.toThrow(
      /shards.plan: 'items' is 'stored' or absent, got "inline"/,
    );
    await expect(shardPlan(local, silent, { items: 'stored' })).rejects.toThrow(UsageError);
    await expect(shardPlan(local, silent, { items: 'stored' })).rejects.toThrow(/needs the config's S3 evidence store/);
  });
});
