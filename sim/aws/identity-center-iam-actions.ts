import { AwsSimError } from './aws-protocol.js';
import type { AwsAction, AwsCall } from './aws-route-table.js';
import { awsManagedPolicy } from './aws-managed-policies.js';
import type { SimManagedPolicy } from './iam-state.js';

const IAM = {
  protocol: 'query',
  service: 'iam',
  version: '2010-05-08',
  xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
} as const;

function policyOf(call: AwsCall): SimManagedPolicy {
  const arn = call.form.get('PolicyArn') ?? '';
  const p = awsManagedPolicy(arn) ?? call.account.iam.policies.find((x) => x.arn === arn);
  if (!p) throw new AwsSimError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
  return p;
}

/**
 * IAM GetPolicy and GetPolicyVersion, by which the aws-identity-center collector reads the AWS managed policies of
 * permission sets (their documents are the same in every account). https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
 */
export function identityCenterIamActions(): AwsAction[] {
  return [
    {
      ...IAM,
      action: 'GetPolicy',
      handle: (call) => {
        const p = policyOf(call);
        return {
          Policy: {
            PolicyName: p.name,
            PolicyId: p.id,
            Arn: p.arn,
            Path: p.path,
            DefaultVersionId: p.defaultVersionId,
            AttachmentCount: 0,
            IsAttachable: true,
            CreateDate: p.createDate,
            UpdateDate: p.updateDate,
          },
        };
      },
    },
    {
      ...IAM,
      action: 'GetPolicyVersion',
      handle: (call) => {
        const p = policyOf(call);
        const id = call.form.get('VersionId');
        const v = p.versions.find((x) => x.id === id);
        if (!v) throw new AwsSimError('NoSuchEntity', `Policy ${p.arn} version ${String(id)} does not exist.`, 404);
        return {
          PolicyVersion: {
            // IAM sends documents URL-encoded (RFC 3986).
            Document: encodeURIComponent(JSON.stringify(v.document)),
            VersionId: v.id,
            IsDefaultVersion: v.id === p.defaultVersionId,
            CreateDate: v.createDate,
          },
        };
      },
    },
  ];
}
