import { describe, expect, it } from 'vitest';
import { awsCallerPolicyDocument, awsPolicyDocument } from '../../../collectors/aws/aws-policy-document.js';
import { allCollectors } from '../../../collectors/index.js';
import { awsIamCollector } from '../../../collectors/aws/aws-iam-collector.js';

describe('awsPolicyDocument', () => {
  it('grants exactly the read actions the AWS collectors declare, on nothing but reads', () => {
    const doc = awsPolicyDocument([awsIamCollector]);
    expect(doc).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AssayReadOnly',
          Effect: 'Allow',
          Resource: '*',
          Action: [
            'iam:GenerateCredentialReport',
            'iam:GetAccountAuthorizationDetails',
            'iam:GetAccountPasswordPolicy',
            'iam:GetAccountSummary',
            'iam:GetCredentialReport',
            'iam:ListVirtualMFADevices',
          ],
        },
      ],
    });
    const all = awsPolicyDocument(allCollectors).Statement[0]!.Action;
    for (const a of all) expect(a).toMatch(/^[a-z0-9-]+:(Get|List|Describe|Lookup|Generate)[A-Za-z0-9]*$/);
  });

  it('gives the identity assay runs as only AssumeRole on the audit role, ListAccounts and ListOrganizationsFeatures', () => {
    expect(awsCallerPolicyDocument([awsIamCollector], 'AssayAudit')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AssumeAssayAuditRole',
          Effect: 'Allow',
          Action: ['sts:AssumeRole'],
          Resource: 'arn:aws:iam::*:role/AssayAudit',
        },
        { Sid: 'ListOrganizationAccounts', Effect: 'Allow', Action: ['organizations:ListAccounts'], Resource: '*' },
        {
          Sid: 'ListRootAccessFeatures',
          Effect: 'Allow',
          Action: ['iam:ListOrganizationsFeatures'],
          Resource: '*',
        },
      ],
    });
  });
});
