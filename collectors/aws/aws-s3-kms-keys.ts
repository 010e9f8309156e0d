import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { CallFn } from '../../src/model/collector.js';
import { isFailed, type Failed } from '../../src/model/datasets/aws-call-failure.js';
import type { Bucket } from '../../src/model/datasets/aws-s3.js';
import { probe } from './aws-call-probe.js';
import type { AwsClientConfig } from './aws-client-config.js';

export type KeyManager = 'AWS' | 'CUSTOMER';

/** Looks up who manages a KMS key, once per key and account (buckets often share one). */
export interface KmsKeyManagers {
  /** `key`: a key id or key ARN from a bucket's default encryption; `region`: the bucket's (a bare id is regional). */
  managerOf(call: CallFn, key: string, region: string): Promise<KeyManager | Failed>;
  destroy(): void;
}

/**
 * kms:DescribeKey's KeyManager, in the key's own region (from its ARN, else the bucket's). A key of another account
 * can be described only if its key policy allows the auditor; otherwise that bucket's answer is a failure.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
 */
export function kmsKeyManagers(clientConfig: (region: string) => AwsClientConfig, signal: AbortSignal): KmsKeyManagers {
  const clients = new Map<string, KMSClient>();
  const answers = new Map<string, Promise<KeyManager | Failed>>();
  const client = (region: string) => {
    let c = clients.get(region);
    if (!c) clients.set(region, (c = new KMSClient(clientConfig(region))));
    return c;
  };
  return {
    managerOf(call, key, region) {
      const keyRegion = /^arn:[^:]+:kms:([^:]+):/.exec(key)?.[1] ?? region;
      const id = `${keyRegion}/${key}`;
      let answer = answers.get(id);
      if (!answer) {
        answer = probe(
          call,
          'kms:DescribeKey',
          async () => {
            const out = await client(keyRegion).send(new DescribeKeyCommand({ KeyId: key }), { abortSignal: signal });
            const manager = out.KeyMetadata?.KeyManager;
            if (manager !== 'AWS' && manager !== 'CUSTOMER')
              throw new Error(`kms:DescribeKey returned no KeyManager for ${key}`);
            return manager;
          },
          signal,
        );
        answers.set(id, answer);
      }
      return answer;
    },
    destroy: () => clients.forEach((c) => c.destroy()),
  };
}

/** A default-encryption key named by id or ARN needs kms:DescribeKey to tell who manages it; an alias says it alone. */
export async function defaultKeyManager(
  call: CallFn,
  kms: KmsKeyManagers,
  encryption: Bucket['encryption'],
  region: string,
): Promise<Bucket['kmsKeyManager']> {
  if (!encryption || isFailed(encryption)) return undefined;
  const key = encryption.find((r) => r.SSEAlgorithm.startsWith('aws:kms'))?.KMSMasterKeyID;
  if (!key || /(?:^|:)alias\//.test(key)) return undefined;
  return kms.managerOf(call, key, region);
}
