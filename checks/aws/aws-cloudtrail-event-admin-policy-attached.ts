import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import type { AuthorizationDetails } from '../../src/model/datasets/aws-iam.js';
import { isAdminPolicy } from '../../src/model/datasets/aws-iam-grants.js';
import {
  byEventTime,
  describeActor,
  describeWindow,
  eventObserved,
  eventResource,
  grantsFullAccess,
  isAdministratorAccessArn,
  windowObserved,
  type CloudTrailEvent,
} from '../../src/model/datasets/aws-cloudtrail.js';

type Verdict = { grant: string } | { unknown: string } | undefined;

/** What IAM (GetAccountAuthorizationDetails, same account) says a managed policy or group grants now. */
interface IamView {
  /** Default version allows everything; undefined when the policy is not in the account's details. */
  policyIsAdmin: (arn: string) => boolean | undefined;
  /** The admin policies on a group; undefined when the group is not in the account's details. */
  groupAdminPolicies: (name: string) => string[] | undefined;
}

function iamView(details: AuthorizationDetails): IamView {
  const docs = new Map(details.policies.map((p) => [p.Arn, p.DefaultVersionDocument]));
  const policyIsAdmin = (arn: string) =>
    isAdministratorAccessArn(arn) ? true : docs.has(arn) ? isAdminPolicy(docs.get(arn), arn) : undefined;
  const groups = new Map(details.groups.map((g) => [g.GroupName.toLowerCase(), g]));
  return {
    policyIsAdmin,
    groupAdminPolicies: (name) => {
      const g = groups.get(name.toLowerCase());
      if (!g) return undefined;
      return [
        ...g.AttachedManagedPolicies.filter((a) => isAdminPolicy(docs.get(a.PolicyArn), a.PolicyArn)).map(
          (a) => a.PolicyName,
        ),
        ...g.GroupPolicyList.filter((p) => isAdminPolicy(p.PolicyDocument)).map((p) => `${p.PolicyName} (inline)`),
      ];
    },
  };
}

const isAwsManaged = (arn: string) => /^arn:[^:]+:iam::aws:policy\//.test(arn);
const NO_DOCUMENT =
  'CloudTrail recorded it without its policyDocument (large request parameters are dropped), so whether it grants *:* is unknown';

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
      const admin = iam.policyIsAdmin(p.policyArn);
      if (admin) return { grant: `Policy ${p.policyArn}, whose default version allows *:*, was attached to ${target}` };
      // AWS managed policies other than AdministratorAccess are listed only when attached; a customer policy of the account is always listed.
      if (admin === undefined && !isAwsManaged(p.policyArn))
        return {
          unknown: `policy ${p.policyArn} attached to ${target} is not in the account's IAM authorization details (deleted since?), so whether it grants *:* is unknown`,
        };
      return undefined;
    }
    case 'PutUserPolicy':
    case 'PutGroupPolicy':
    case 'PutRolePolicy':
      if (!p.policyDocument)
        return { unknown: `Inline policy ${p.policyName ?? '(unnamed)'} put on ${target}: ${NO_DOCUMENT}` };
      return grantsFullAccess(p.policyDocument)
        ? { grant: `Inline policy ${p.policyName ?? '(unnamed)'} allowing *:* was put on ${target}` }
        : undefined;
    case 'CreatePolicyVersion':
      if (!p.policyDocument)
        return { unknown: `A new version of policy ${p.policyArn ?? '(unknown)'}: ${NO_DOCUMENT}` };
      return grantsFullAccess(p.policyDocument)
        ? {
            grant: `A version allowing *:* was created for policy ${p.policyArn ?? '(unknown)'}${p.setAsDefault ? ' and made the default' : ''}`,
          }
        : undefined;
    case 'SetDefaultPolicyVersion': {
      // The event does not carry the document; the authorization details hold the default version as of collection.
      const admin = p.policyArn ? iam.policyIsAdmin(p.policyArn) : undefined;
      if (admin === undefined)
        return {
          unknown: `the default version of policy ${p.policyArn ?? '(unknown)'} was changed, and the policy is not in the account's IAM authorization details, so whether it now grants *:* is unknown`,
        };
      return admin ? { grant: `Policy ${p.policyArn} was switched to a default version that allows *:*` } : undefined;
    }
    case 'AddUserToGroup': {
      const admins = p.groupName ? iam.groupAdminPolicies(p.groupName) : undefined;
      if (admins === undefined)
        return {
          unknown: `user ${p.userName ?? '(unknown)'} was added to group ${p.groupName ?? '(unknown)'}, which is not in the account's IAM authorization details, so whether it grants *:* is unknown`,
        };
      return admins.length > 0
        ? {
            grant: `User ${p.userName ?? '(unknown)'} was added to group ${p.groupName}, which grants full access through ${admins.join(', ')}`,
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
    'Attaching AdministratorAccess or an Allow of *:* (directly, through a policy version, or by joining an admin group) is the shortest privilege escalation there is; each grant must be a deliberate, approved change, and an attacker with iam:Attach*/Put* rights will do exactly this.',
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
