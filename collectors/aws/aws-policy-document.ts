import type { Collector } from '../../src/model/collector.js';

/** An exact IAM action name as collectors declare it: `iam:GenerateCredentialReport`. */
const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;
/** Needed by the identity assay starts as, not by the audit role inside each account. */
const CALLER_ACTIONS = new Set(['sts:AssumeRole', 'organizations:ListAccounts', 'iam:ListOrganizationsFeatures']);

export interface AwsPolicyDocument {
  Version: '2012-10-17';
  Statement: Array<{ Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[] }>;
}

const declaredActions = (collectors: readonly Collector[]): string[] =>
  [
    ...new Set(
      collectors
        .filter((c) => c.source === 'aws')
        .flatMap((c) => c.permissions.map((p) => p.name))
        .filter((n) => IAM_ACTION.test(n)),
    ),
  ].sort();

/**
 * The read-only policy for the role assay assumes in every account (and for the identity it runs as, in the account
 * it reads directly), built from the actions the AWS collectors declare. AWS's SecurityAudit managed policy grants
 * `Get*`, `List*` and `Describe*` on some 200 services; this grants only what assay reads.
 */
export function awsPolicyDocument(collectors: readonly Collector[]): AwsPolicyDocument {
  const actions = declaredActions(collectors).filter((a) => !CALLER_ACTIONS.has(a));
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'AssayReadOnly', Effect: 'Allow', Action: actions, Resource: '*' }],
  };
}

/**
 * What the identity assay runs as needs on top: assume the audit role, list the organization, and read its
 * centralized root access features (only the management account or IAM's delegated administrator may).
 */
export function awsCallerPolicyDocument(collectors: readonly Collector[], roleName = 'AssayAudit'): AwsPolicyDocument {
  const actions = declaredActions(collectors);
  const statements: AwsPolicyDocument['Statement'] = [];
  if (actions.includes('sts:AssumeRole'))
    statements.push({
      Sid: 'AssumeAssayAuditRole',
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: `arn:aws:iam::*:role/${roleName}`,
    });
  if (actions.includes('organizations:ListAccounts'))
    statements.push({
      Sid: 'ListOrganizationAccounts',
      Effect: 'Allow',
      Action: ['organizations:ListAccounts'],
      Resource: '*',
    });
  if (actions.includes('iam:ListOrganizationsFeatures'))
    statements.push({
      Sid: 'ListRootAccessFeatures',
      Effect: 'Allow',
      Action: ['iam:ListOrganizationsFeatures'],
      Resource: '*',
    });
  return { Version: '2012-10-17', Statement: statements };
}
