import type { SimGrants, SimManagedPolicy, SimPolicyDocument } from './iam-state.js';

const doc = (...Statement: SimPolicyDocument['Statement'][]): SimPolicyDocument => ({
  Version: '2012-10-17',
  Statement: Statement.flat(),
});

const aws = (
  name: string,
  path: string,
  id: string,
  versionId: string,
  document: SimPolicyDocument,
  grants?: SimGrants,
): SimManagedPolicy => ({
  ...(grants ? { grants } : {}),
  name,
  id,
  arn: `arn:aws:iam::aws:policy${path}${name}`,
  path,
  createDate: '2015-02-06T18:39:46Z',
  updateDate: '2024-06-01T10:00:00Z',
  defaultVersionId: versionId,
  versions: [
    { id: versionId, createDate: '2024-06-01T10:00:00Z', document },
    ...(versionId !== 'v1'
      ? [
          {
            id: 'v1',
            createDate: '2015-02-06T18:39:46Z',
            document: doc({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }),
          },
        ]
      : []),
  ],
});

/**
 * A few AWS managed policies, abridged from their published documents but keeping what matters to the checks
 * (`*` on `*`, `bedrock:*`, SageMaker's `sagemaker:*` with NotResource, PowerUser's NotAction).
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
 */
export const AWS_MANAGED_POLICIES: readonly SimManagedPolicy[] = [
  aws('AdministratorAccess', '/', 'ANPAIWMBCKSKIEE64ZLYK', 'v1', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), {
    admin: 'yes',
  }),
  aws(
    'PowerUserAccess',
    '/',
    'ANPAJYRXTHIB4FOVS3ZXS',
    'v5',
    doc(
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeOrganization',
          'account:ListRegions',
        ],
        Resource: '*',
      },
    ),
    // Every service but IAM, Organizations and Account, Bedrock and SageMaker included.
    { ai: 'yes' },
  ),
  aws(
    'ReadOnlyAccess',
    '/',
    'ANPAILL3HVNFSB6DCOWYQ',
    'v118',
    doc({
      Effect: 'Allow',
      Action: [
        'a4b:Get*',
        'ec2:Describe*',
        'iam:Get*',
        'iam:List*',
        's3:Get*',
        's3:List*',
        'bedrock:Get*',
        'bedrock:List*',
      ],
      Resource: '*',
    }),
  ),
  aws(
    'SecurityAudit',
    '/',
    'ANPAIX2T3QCXHR2OGGCTO',
    'v45',
    doc({
      Effect: 'Allow',
      Action: [
        'iam:GenerateCredentialReport',
        'iam:Get*',
        'iam:List*',
        'cloudtrail:Describe*',
        'cloudtrail:LookupEvents',
        's3:GetBucketPolicy*',
        'organizations:List*',
      ],
      Resource: '*',
    }),
  ),
  aws(
    'AmazonBedrockFullAccess',
    '/',
    'ANPAZKAPJZG4BEDROCKFA',
    'v4',
    doc(
      { Sid: 'BedrockAll', Effect: 'Allow', Action: ['bedrock:*'], Resource: '*' },
      { Sid: 'DescribeKey', Effect: 'Allow', Action: ['kms:DescribeKey'], Resource: 'arn:*:kms:*:::*' },
    ),
    { ai: 'yes' },
  ),
  aws(
    'AmazonSageMakerFullAccess',
    '/',
    'ANPAJZ5IWYMXO5QDB4QOG',
    'v27',
    doc(
      // As published: everything in SageMaker except a few admin resource types, expressed with NotResource.
      {
        Sid: 'AllowAllNonAdminSageMakerActions',
        Effect: 'Allow',
        Action: ['sagemaker:*', 'sagemaker-geospatial:*'],
        NotResource: [
          'arn:aws:sagemaker:*:*:domain/*',
          'arn:aws:sagemaker:*:*:user-profile/*',
          'arn:aws:sagemaker:*:*:app/*',
          'arn:aws:sagemaker:*:*:space/*',
          'arn:aws:sagemaker:*:*:partner-app/*',
          'arn:aws:sagemaker:*:*:flow-definition/*',
        ],
      },
      {
        Effect: 'Allow',
        Action: [
          'application-autoscaling:DeleteScalingPolicy',
          'cloudwatch:PutMetricAlarm',
          'ecr:GetAuthorizationToken',
        ],
        Resource: '*',
      },
    ),
    { ai: 'yes' },
  ),
  aws(
    'AmazonBedrockReadOnly',
    '/',
    'ANPAZKAPJZG4BEDROCKRO',
    'v2',
    doc({ Effect: 'Allow', Action: ['bedrock:Get*', 'bedrock:List*'], Resource: '*' }),
  ),
  aws(
    'AmazonS3ReadOnlyAccess',
    '/',
    'ANPAIZTJ4DXE7G6AGAE6M',
    'v3',
    doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3-object-lambda:Get*'], Resource: '*' }),
  ),
  aws(
    'IAMUserChangePassword',
    '/',
    'ANPAJ4L4MM2A7QIEB56MS',
    'v2',
    doc(
      { Effect: 'Allow', Action: ['iam:ChangePassword'], Resource: ['arn:aws:iam::*:user/${aws:username}'] },
      { Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy'], Resource: '*' },
    ),
  ),
  aws(
    'ViewOnlyAccess',
    '/job-function/',
    'ANPAID22R6XPJATWOFDK6',
    'v20',
    doc({ Effect: 'Allow', Action: ['ec2:Describe*', 's3:ListAllMyBuckets', 'iam:List*'], Resource: '*' }),
  ),
  aws(
    'AWSLambdaBasicExecutionRole',
    '/service-role/',
    'ANPAJNCQGXC42545SKXIK',
    'v1',
    doc({
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: '*',
    }),
  ),
];

export const awsManagedPolicy = (arn: string): SimManagedPolicy | undefined =>
  AWS_MANAGED_POLICIES.find((p) => p.arn === arn);
export const awsPolicyArn = (name: string): string => {
  const p = AWS_MANAGED_POLICIES.find((x) => x.name === name);
  if (!p) throw new Error(`no simulated AWS managed policy ${name}`);
  return p.arn;
};
