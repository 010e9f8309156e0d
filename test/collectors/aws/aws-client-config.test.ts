import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsClientConfig, s3ClientConfig } from '../../../collectors/aws/aws-client-config.js';
import { AwsSourceConfigSchema } from '../../../src/model/config/aws-config.js';
import { Random } from '../../../sim/random.js';
import { generateAws } from '../../../sim/aws/generate-aws.js';
import { startAwsSim, type AwsSim } from '../../../sim/aws/aws-sim.js';

let sim: AwsSim;
beforeAll(async () => {
  sim = await startAwsSim(generateAws(new Random(3), { accounts: 1, usersPerAccount: 1 }));
});
afterAll(() => sim.server.close());

const ctxFor = (over: Record<string, unknown>, signal = new AbortController().signal) => {
  let count = 0;
  return {
    ctx: {
      config: AwsSourceConfigSchema.parse(over),
      signal,
      countRequest: () => {
        count++;
      },
    },
    count: () => count,
  };
};

describe('awsClientConfig', () => {
  it('points every client at the endpoint override, and S3 at path-style addressing', () => {
    const { ctx } = ctxFor({ endpoint: 'http://127.0.0.1:4566', maxAttempts: 4 });
    const c = awsClientConfig(ctx, { region: 'eu-west-1' });
    expect(c).toMatchObject({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4566',
      disableHostPrefix: true,
      maxAttempts: 4,
      retryMode: 'standard',
    });
    expect(c).not.toHaveProperty('credentials');
    expect(s3ClientConfig(ctx, { region: 'eu-west-1' }).forcePathStyle).toBe(true);
    const real = ctxFor({}).ctx;
    expect(awsClientConfig(real, { region: 'us-east-1' })).not.toHaveProperty('endpoint');
    expect(s3ClientConfig(real, { region: 'us-east-1' }).forcePathStyle).toBe(false);
  });

  it('counts every HTTP attempt, retries included', async () => {
    const { ctx, count } = ctxFor({ endpoint: sim.endpoint, maxAttempts: 3 });
    sim.fail('sts:GetCallerIdentity', { status: 500, code: 'InternalFailure', times: 2 });
    const sts = new STSClient({
      ...awsClientConfig(ctx, {
        region: 'us-east-1',
        credentials: { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey },
      }),
    });
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Arn: expect.stringContaining(':user/assay-collector'),
    });
    expect(count()).toBe(3);
  });

  it('gives up on a hung request after requestTimeoutSeconds, and stops when the collector is aborted', async () => {
    const { ctx } = ctxFor({ endpoint: sim.endpoint, maxAttempts: 1, requestTimeoutSeconds: 0.2 });
    sim.server.faults.inject('sts:GetCallerIdentity', { kind: 'hang' }, { times: 1 });
    const credentials = { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey };
    await expect(
      new STSClient(awsClientConfig(ctx, { region: 'us-east-1', credentials })).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ name: 'TimeoutError' });

    const controller = new AbortController();
    const aborted = ctxFor({ endpoint: sim.endpoint, maxAttempts: 1 }, controller.signal).ctx;
    sim.server.faults.inject('sts:GetCallerIdentity', { kind: 'hang' }, { times: 1 });
    const pending = new STSClient(awsClientConfig(aborted, { region: 'us-east-1', credentials })).send(
      new GetCallerIdentityCommand({}),
    );
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
