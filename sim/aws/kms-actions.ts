import { AwsSimError } from './aws-protocol.js';
import type { AwsAction } from './aws-route-table.js';
import { kmsKeyArn } from './kms-state.js';

const KMS = { protocol: 'json', service: 'kms', targetPrefix: 'TrentService' } as const;

/**
 * KMS DescribeKey: a key id, key ARN, alias name or alias ARN, in the region the request is signed for (KMS keys are
 * regional); a key of another account answers AccessDeniedException, an unknown one NotFoundException.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
 */
export function kmsActions(): AwsAction[] {
  return [
    {
      ...KMS,
      action: 'DescribeKey',
      handle: ({ account, region, json }) => {
        const raw = (json as { KeyId?: unknown }).KeyId;
        const keyId = typeof raw === 'string' ? raw : '';
        if (!keyId) throw new AwsSimError('ValidationException', '1 validation error detected: KeyId is required');
        const arn = /^arn:aws:kms:([^:]+):(\d{12}):(key|alias)\/(.+)$/.exec(keyId);
        if (arn && arn[2] !== account.id)
          throw new AwsSimError(
            'AccessDeniedException',
            `User is not authorized to perform: kms:DescribeKey on resource: ${keyId}`,
          );
        if (arn && arn[1] !== region) throw new AwsSimError('NotFoundException', `Key '${keyId}' does not exist`);
        const name = arn ? (arn[3] === 'alias' ? `alias/${arn[4]}` : arn[4]!) : keyId;
        const key = account.kms.keys.find((k) => k.region === region && (k.id === name || k.aliases.includes(name)));
        if (!key) throw new AwsSimError('NotFoundException', `Key '${keyId}' does not exist`);
        return {
          KeyMetadata: {
            AWSAccountId: account.id,
            KeyId: key.id,
            Arn: kmsKeyArn(account.id, key),
            CreationDate: Date.parse('2025-01-10T09:00:00Z') / 1000,
            Enabled: true,
            KeyUsage: 'ENCRYPT_DECRYPT',
            KeyState: 'Enabled',
            Origin: 'AWS_KMS',
            KeyManager: key.manager,
            KeySpec: 'SYMMETRIC_DEFAULT',
            EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
            MultiRegion: false,
          },
        };
      },
    },
  ];
}
