import { S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { defineCollector } from '../../src/model/collector.js';
import type { AwsSourceConfig } from '../../src/model/config/aws-config.js';
import { awsS3Datasets } from '../../src/model/datasets/aws-s3.js';
import type { DatasetKey } from '../../src/model/datasets/index.js';
import { forEachAccount } from './aws-accounts.js';
import { isAwsError } from './aws-errors.js';
import { listBuckets, readBuckets, toPublicAccessBlock } from './aws-s3-buckets.js';
import { kmsKeyManagers } from './aws-s3-kms-keys.js';
import { awsS3Permissions } from './aws-s3-permissions.js';

export const awsS3Collector = defineCollector<AwsSourceConfig>({
  id: 'aws-s3',
  source: 'aws',
  title:
    "AWS S3: the account's public access block, and each bucket's public access, tags, encryption key, versioning and Object Lock",
  permissions: awsS3Permissions,
  schema: awsS3Datasets,
  async collect(ctx) {
    await forEachAccount(ctx, Object.keys(awsS3Datasets) as DatasetKey[], async (session, rec) => {
      const { endpoint } = ctx.config;
      // S3 Control's endpoint rules put the account id in front of the host, which an endpoint override cannot serve.
      const control = new S3ControlClient({
        ...session.clientConfig(),
        ...(endpoint ? { endpointProvider: () => ({ url: new URL(endpoint) }) } : {}),
      });
      const clients = new Map<string, S3Client>();
      const kms = kmsKeyManagers((region) => session.clientConfig(region), ctx.signal);
      const s3For = (region: string): S3Client => {
        let c = clients.get(region);
        if (!c) clients.set(region, (c = new S3Client(session.s3ClientConfig(region))));
        return c;
      };
      try {
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetPublicAccessBlock.html
        // Read beside the bucket list (it is needed only to skip per-bucket reads), so neither waits for the other.
        const account = rec.dataset('aws-s3.accountPublicAccessBlock', (call) =>
          call('s3control:GetPublicAccessBlock', async () => {
            try {
              const out = await control.send(new GetPublicAccessBlockCommand({ AccountId: session.account.id }), {
                abortSignal: ctx.signal,
              });
              return toPublicAccessBlock(out.PublicAccessBlockConfiguration);
            } catch (err) {
              if (isAwsError(err, 'NoSuchPublicAccessBlockConfiguration')) return null;
              throw err;
            }
          }),
        );
        const buckets = rec.dataset('aws-s3.buckets', async (call) => {
          const listed = await listBuckets(call, s3For(session.homeRegion), ctx.signal);
          return readBuckets(call, s3For, listed, await account, kms, ctx.signal);
        });
        await Promise.all([account, buckets]);
      } finally {
        control.destroy();
        kms.destroy();
        for (const c of clients.values()) c.destroy();
      }
    });
  },
});
