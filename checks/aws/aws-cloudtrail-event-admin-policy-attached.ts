import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import type { AuthorizationDetails } from '../../src/model/datasets/aws-iam.js';
import { managedPolicyDocument } from '../../src/model/datasets/aws-iam-grants.js';
import {
  evaluatePolicies,
  parsePolicyDocument,
  type Grant,
  type NamedPolicy,
} from '../../src/model/aws-policy-evaluator.js';
import {
  byEventTime,
  describeActor,
  describeWindow,
  eventObserved,
  eventResource,
  isAdministratorAccessArn,
  windowObserved,
  type CloudTrailEvent,
} from '../../src/model/datasets/aws-cloudtrail.js';

type Verdict = { grant: string } | { unknown: string } | undefined;

/**
 * What IAM (GetAccountAuthorizationDetails, same account) says a managed policy or group grants now, judged by the
 * same policy evaluator as the aws-iam inventory checks.
 */
interface IamView {
  /** Undefined when the policy is not in the account's details. */
  policyAdmin: (arn: string) => Grant | undefined;
  /** Undefined when the group is not in the account's details. */
  groupAdmin: (name: string) => Grant | undefined;
}

const policyName = (arn: string) => arn.split('/').pop() ?? arn;

function iamView(details: AuthorizationDetails): IamView {
  const docOf = managedPolicyDocument(details);
  const groups = new Map(details.groups.map((g) => [g.GroupName.toLowerCase(), g]));
  return {
    policyAdmin: (arn) => {
      const document = docOf(arn);
      return document ? evaluatePolicies([{ name: policyName(arn), document }]).admin : undefined;
    },
    groupAdmin: (name) => {
      const g = groups.get(name.toLowerCase());
      if (!g) return undefined;
      const policies: NamedPolicy[] = [
        ...g.AttachedManagedPolicies.flatMap((a) => {
          const document = docOf(a.PolicyArn);
          return document ? [{ name: a.PolicyName, document }] : [];
        }),
        ...g.GroupPolicyList.map((p) => ({ name: `${p.PolicyName} (inline)`, document: p.PolicyDocument })),
      ];
      return evaluatePolicies(policies).admin;
    },
  };
}

const isAwsManaged = (arn: string) => /^arn:[^:]+:iam::aws:policy\//.test(arn);
const NO_DOCUMENT =
  'CloudTrail recorded it without its policyDocument (large request parameters are dropped), so whether it grants administrator access is unknown';
/** `administrator access`, or `administrator access under a condition (…)`. */
const admin = (g: Grant) =>
  g.verdict === 'conditional'
    ? `administrator access under a condition (${g.reasons.join('; ')})`
    : 'administrator access';

/** A document as CloudTrail recorded it, judged; text that is not a policy is unknown, never harmless. */
function documentAdmin(text: string): Grant | { unreadable: string } {
  try {
    return evaluatePolicies([{ name: 'the document', document: parsePolicyDocument(text) }]).admin;
  } catch (err) {
    return { unreadable: err instanceof Error ? err.message : String(err) };
  }
}

/** What the event granted and to whom when it granted full access; what is unknown when that cannot be told; else undefined. */
function adminGrant(e: CloudTrailEvent, iam: IamView): Verdict {
  if (e.errorCode) return undefined; // refused: nothing changed
  const p = e.requestParameters;
  const target = p.userName
    ? `user ${p.userName}`
    : p.groupName
      ? `group ${p.groupName}`
      : p.roleName
        ? `role ${p.roleName}`
        : 'an unnamed principal';
  switch (e.eventName) {
    case 'AttachUserPolicy':
    case 'AttachGroupPolicy':
    case 'AttachRolePolicy': {
      if (!p.policyArn) return { unknown: `${e.eventName} on ${target} names no policy` };
      if (isAdministratorAccessArn(p.policyArn)) return { grant: `AdministratorAccess was attached to ${target}` };
      const g = iam.policyAdmin(p.policyArn);
      if (g && g.verdict !== 'no')
        return { grant: `Policy ${p.policyArn}, whose default version grants ${admin(g)}, was attached to ${target}` };
      // AWS managed policies other than AdministratorAccess are listed only when attached; a customer policy of the
      // account is always listed.
      if (g === undefined && !isAwsManaged(p.policyArn))
        return {
          unknown: `policy ${p.policyArn} attached to ${target} is not in the account's IAM authorization details (deleted since?), so whether it grants administrator access is unknown`,
        };
      return undefined;
    }
    case 'PutUserPolicy':
    case 'PutGroupPolicy':
    case 'PutRolePolicy': {
      const name = p.policyName ?? '(unnamed)';
      if (!p.policyDocument) return { unknown: `Inline policy ${name} put on ${target}: ${NO_DOCUMENT}` };
      const g = documentAdmin(p.policyDocument);
      if ('unreadable' in g)
        return { unknown: `Inline policy ${name} put on ${target} has a policyDocument that is ${g.unreadable}` };
      return g.verdict !== 'no'
        ? { grant: `Inline policy ${name} granting ${admin(g)} was put on ${target}` }
        : undefined;
    }
    case 'CreatePolicyVersion': {
      const arn = p.policyArn ?? '(unknown)';
      if (!p.policyDocument) return { unknown: `A new version of policy ${arn}: ${NO_DOCUMENT}` };
      const g = documentAdmin(p.policyDocument);
      if ('unreadable' in g)
        return { unknown: `A new version of policy ${arn} has a policyDocument that is ${g.unreadable}` };
      return g.verdict !== 'no'
        ? {
            grant: `A version granting ${admin(g)} was created for policy ${arn}${p.setAsDefault ? ' and made the default' : ''}`,
          }
        : undefined;
    }
    case 'SetDefaultPolicyVersion': {
      // The event does not carry the document; the authorization details hold the default version as of collection.
      const g = p.policyArn ? iam.policyAdmin(p.policyArn) : undefined;
      if (g === undefined)
        return {
          unknown: `the default version of policy ${p.policyArn ?? '(unknown)'} was changed, and the policy is not in the account's IAM authorization details, so whether it now grants administrator access is unknown`,
        };
      return g.verdict !== 'no'
        ? { grant: `Policy ${p.policyArn} was switched to a default version that grants ${admin(g)}` }
        : undefined;
    }
    case 'AddUserToGroup': {
      const g = p.groupName ? iam.groupAdmin(p.groupName) : undefined;
      if (g === undefined)
        return {
          unknown: `user ${p.userName ?? '(unknown)'} was added to group ${p.groupName ?? '(unknown)'}, which is not in the account's IAM authorization details, so whether it grants administrator access is unknown`,
        };
      return g.verdict !== 'no'
        ? {
            grant: `User ${p.userName ?? '(unknown)'} was added to group ${p.groupName}, which grants ${admin(g)} through ${g.policies.join(', ')}`,
          }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html */
export default defineCheck({
  id: 'aws-cloudtrail-event-admin-policy-attached',
  title: 'Nobody was granted full administrator access since the last run',
  severity: 'critical',
  rationale:
    'Attaching AdministratorAccess or any policy that allows every action or full IAM (directly, through a policy version, or by joining an admin group) is the shortest privilege escalation there is; each grant must be a deliberate, approved change, and an attacker with iam:Attach*/Put* rights will do exactly this.',
  remediation:
    "Confirm the grant with the actor and its change ticket; if it was not approved, detach the policy (or delete the inline policy or policy version), and investigate the actor's credentials.",
  // The IAM details (same account) tell what a customer managed policy or a group grants.
  requires: ['aws-cloudtrail.policyChangeEvents', 'aws-iam.authorizationDetails'],
  controls: ['iso27001:8.2', 'iso27001:8.16'],
  evaluate(data, { scope }) {
    const w = data['aws-cloudtrail.policyChangeEvents'];
    const iam = iamView(data['aws-iam.authorizationDetails']);
    const results: CheckResult[] = [];
    for (const e of [...w.events].sort(byEventTime)) {
      const verdict = adminGrant(e, iam);
      if (!verdict) continue;
      const p = e.requestParameters;
      const observed = {
        ...eventObserved(e),
        ...(p.policyArn ? { policyArn: p.policyArn } : {}),
        ...(p.policyName ? { policyName: p.policyName } : {}),
        target: p.userName ?? p.groupName ?? p.roleName ?? null,
      };
      results.push(
        'grant' in verdict
          ? {
              status: 'fail',
              resource: eventResource(e),
              message: `${verdict.grant} by ${describeActor(e)} at ${e.eventTime} (${e.awsRegion}).`,
              observed,
            }
          : {
              status: 'error',
              resource: eventResource(e),
              message: `Could not judge ${e.eventName} by ${describeActor(e)} at ${e.eventTime} (${e.awsRegion}): ${verdict.unknown}.`,
              observed,
            },
      );
    }
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'aws-account'),
        message: `No administrator access was granted in account ${scope.id} ${describeWindow(w)}.`,
        observed: windowObserved(w, 0),
      },
    ];
  },
});
