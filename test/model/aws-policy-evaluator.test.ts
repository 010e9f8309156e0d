import { describe, expect, it } from 'vitest';
import {
  covers,
  evaluatePolicies,
  intersects,
  parsePolicyDocument,
  type GrantVerdict,
} from '../../src/model/aws-policy-evaluator.js';

/** Policies from the IAM User Guide's examples, as IAM hands them over (one-or-many fields, JSON text). */
const doc = (...statements: object[]) =>
  parsePolicyDocument(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };

// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
const administratorAccess = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html ("all but IAM")
const allButIam = doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html
const powerUser = doc(
  { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
  {
    Effect: 'Allow',
    Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'account:ListRegions'],
    Resource: '*',
  },
);
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMFullAccess.html
const iamFullAccess = doc({
  Effect: 'Allow',
  Action: ['iam:*', 'organizations:DescribeAccount', 'organizations:ListAccounts'],
  Resource: '*',
});
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage.html
const denyWithoutMfa = doc({
  Sid: 'DenyAllExceptListedIfNoMFA',
  Effect: 'Deny',
  NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'sts:GetSessionToken'],
  Resource: '*',
  Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
});

type Row = [string, ReturnType<typeof doc>[], GrantVerdict, GrantVerdict, GrantVerdict];
// name, documents, admin, full bedrock, full iam
const table: Row[] = [
  ['AdministratorAccess (Action *)', [administratorAccess], 'yes', 'yes', 'yes'],
  ['Action *:*', [doc({ Effect: 'Allow', Action: ['*:*'], Resource: ['*'] })], 'yes', 'yes', 'yes'],
  ['NotAction iam:* (every other service, Bedrock included)', [allButIam], 'no', 'yes', 'no'],
  ['PowerUserAccess', [powerUser], 'no', 'yes', 'no'],
  [
    'PowerUserAccess with IAMFullAccess (full IAM: it can grant itself the rest)',
    [powerUser, iamFullAccess],
    'yes',
    'yes',
    'yes',
  ],
  [
    'NotAction with the gap filled by another statement',
    [doc({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: 's3:*', Resource: '*' })],
    'yes',
    'yes',
    'yes',
  ],
  [
    'conditional grant (MFA)',
    [doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: MFA })],
    'conditional',
    'conditional',
    'conditional',
  ],
  ['conditional Deny leaves the grant standing', [administratorAccess, denyWithoutMfa], 'yes', 'yes', 'yes'],
  [
    'Deny of everything in the same policy',
    [doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' })],
    'no',
    'no',
    'no',
  ],
  [
    'Deny of one Bedrock action',
    [
      doc(
        { Effect: 'Allow', Action: 'bedrock:*', Resource: '*' },
        { Effect: 'Deny', Action: 'bedrock:Delete*', Resource: '*' },
      ),
    ],
    'no',
    'no',
    'no',
  ],
  [
    'Deny of IAM: not every action and not IAM',
    [administratorAccess, doc({ Effect: 'Deny', Action: 'iam:*', Resource: '*' })],
    'no',
    'yes',
    'no',
  ],
  [
    'Deny of everything but IAM: full IAM remains',
    [administratorAccess, doc({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })],
    'yes',
    'no',
    'yes',
  ],
  [
    'Deny on one bucket only: the grant stands',
    [administratorAccess, doc({ Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*' })],
    'yes',
    'yes',
    'yes',
  ],
  ['Allow * on one bucket', [doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::data/*' })], 'no', 'no', 'no'],
  [
    'Allow * with NotResource (every resource but one)',
    [doc({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::secret/*' })],
    'yes',
    'yes',
    'yes',
  ],
  ['Allow * with NotResource * (nothing)', [doc({ Effect: 'Allow', Action: '*', NotResource: '*' })], 'no', 'no', 'no'],
  [
    'wildcard inside the service name',
    [doc({ Effect: 'Allow', Action: 'bed*:*', Resource: 'arn:aws:*:*:*:*' })],
    'no',
    'yes',
    'no',
  ],
  [
    'some actions of a service only',
    [doc({ Effect: 'Allow', Action: ['bedrock:Invoke*', 'bedrock:Get*', 'iam:Get*'], Resource: '*' })],
    'no',
    'no',
    'no',
  ],
  ['action names are case-insensitive', [doc({ Effect: 'Allow', Action: 'IAM:*', Resource: '*' })], 'yes', 'no', 'yes'],
];

describe('evaluatePolicies', () => {
  it.each(table)('%s', (_name, docs, admin, bedrock, iam) => {
    const e = evaluatePolicies(docs.map((document, i) => ({ name: `p${i + 1}`, document })));
    expect([e.admin.verdict, e.fullAccessTo('bedrock').verdict, e.fullAccessTo('iam').verdict]).toEqual([
      admin,
      bedrock,
      iam,
    ]);
  });

  it('names the statements behind a verdict', () => {
    const conditional = evaluatePolicies([
      {
        name: 'AdminWithMfa',
        document: doc({ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*', Condition: MFA }),
      },
    ]);
    expect(conditional.admin).toEqual({
      verdict: 'conditional',
      reasons: ['AdminWithMfa statement 1 (Sid All) allows * on every resource under condition Bool'],
      policies: ['AdminWithMfa'],
    });
    const notAction = evaluatePolicies([{ name: 'AllButIam', document: allButIam }]);
    expect(notAction.fullAccessTo('bedrock').reasons).toEqual([
      'AllButIam statement 1 allows every action except iam:* on every resource',
    ]);
    expect(notAction.admin).toEqual({ verdict: 'no', reasons: [], policies: [] });
    const denied = evaluatePolicies([
      { name: 'Admin', document: administratorAccess },
      { name: 'NoIam', document: doc({ Effect: 'Deny', Action: 'iam:*', Resource: '*' }) },
    ]);
    expect(denied.admin.reasons).toEqual(['NoIam statement 1 denies iam:* on every resource, so not every action']);
    const escalation = evaluatePolicies([
      { name: 'PowerUserAccess', document: powerUser },
      { name: 'IAMFullAccess', document: iamFullAccess },
    ]);
    expect(escalation.admin).toEqual({
      verdict: 'yes',
      reasons: [
        'IAMFullAccess statement 1 allows iam:*, organizations:DescribeAccount, organizations:ListAccounts on every resource',
        'full IAM access lets it grant itself any permission',
      ],
      policies: ['IAMFullAccess'],
    });
    const decoy = evaluatePolicies([
      { name: 'Admin', document: administratorAccess },
      { name: 'Decoy', document: doc({ Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*' }) },
    ]);
    expect(decoy.admin.reasons).toEqual([
      'Admin statement 1 allows * on every resource',
      'Decoy statement 1 denies s3:* on every resource (a narrower or conditional Deny: the grant stands)',
    ]);
  });

  it('judges single actions with wildcards anywhere (IAM User Guide: iam:*AccessKey*)', () => {
    const e = evaluatePolicies([
      { name: 'keys', document: doc({ Effect: 'Allow', Action: 'iam:*AccessKey*', Resource: '*' }) },
    ]);
    expect(e.allows('iam:CreateAccessKey').verdict).toBe('yes');
    expect(e.allows('iam:ListAccessKeys').verdict).toBe('yes');
    expect(e.allows('iam:CreateUser').verdict).toBe('no');
    expect(
      evaluatePolicies([
        { name: 'q', document: doc({ Effect: 'Allow', Action: 's3:GetObjec?', Resource: '*' }) },
      ]).allows('s3:GetObject').verdict,
    ).toBe('yes');
  });
});

describe('action globs', () => {
  it.each([
    ['iam:*', 'iam:Get*', true],
    ['iam:Get*', 'iam:*', false],
    ['*', '*:*', true],
    ['iam:G?t*', 'iam:Get*', true],
    ['iam:Get?', 'iam:Get*', false],
  ])('%s covers %s: %s', (p, t, want) => expect(covers(p, t)).toBe(want));
  it.each([
    ['iam:Get*', 'iam:*User', true],
    ['s3:*', 'iam:*', false],
    ['*Object', 's3:Get*', true],
    ['bedrock:Invoke?', 'bedrock:InvokeModel', false],
  ])('%s and %s share an action: %s', (a, b, want) => expect(intersects(a, b)).toBe(want));
});

describe('parsePolicyDocument', () => {
  it('reads IAM URL-encoded documents and normalizes one-or-many fields', () => {
    const text = encodeURIComponent(JSON.stringify({ Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }));
    expect(parsePolicyDocument(text)).toEqual({ Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: ['*'] }] });
  });
  it('refuses what is not a policy, rather than judging it harmless', () => {
    expect(() => parsePolicyDocument('{"Statement": [{"Action": "*"}]')).toThrow('not JSON (nor URL-encoded JSON)');
    expect(() => parsePolicyDocument('{"Statement": [{"Action": "*", "Resource": "*"}]}')).toThrow(
      'statement 1 has no Effect Allow or Deny',
    );
  });
});
