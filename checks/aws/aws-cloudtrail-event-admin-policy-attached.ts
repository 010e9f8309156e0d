import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import {
  byEventTime, describeActor, describeWindow, eventObserved, eventResource, grantsFullAccess, isAdministratorAccessArn, windowObserved,
  type CloudTrailEvent,
} from '../../src/model/datasets/aws-cloudtrail.js';

/** What the event granted and to whom, when it granted full access; undefined otherwise. */
function adminGrant(e: CloudTrailEvent): string | undefined {
  if (e.errorCode) return undefined; // refused: nothing changed
  const p = e.requestParameters;
  const target = p.userName ? `user ${p.userName}` : p.groupName ? `group ${p.groupName}` : p.roleName ? `role ${p.roleName}` : 'an unnamed principal';
  switch (e.eventName) {
    case 'AttachUserPolicy':
    case 'AttachGroupPolicy':
    case 'AttachRolePolicy':
      return p.policyArn && isAdministratorAccessArn(p.policyArn) ? `AdministratorAccess was attached to ${target}` : undefined;
    case 'PutUserPolicy':
    case 'PutGroupPolicy':
    case 'PutRolePolicy':
      return p.policyDocument && grantsFullAccess(p.policyDocument) ? `Inline policy ${p.policyName ?? '(unnamed)'} allowing *:* was put on ${target}` : undefined;
    case 'CreatePolicyVersion':
      return p.policyDocument && grantsFullAccess(p.policyDocument)
        ? `A version allowing *:* was created for policy ${p.policyArn ?? '(unknown)'}${p.setAsDefault ? ' and made the default' : ''}`
        : undefined;
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
    'Attaching AdministratorAccess or an Allow of *:* is the shortest privilege escalation there is; each grant must be a deliberate, approved change, and an attacker with iam:Attach*/Put* rights will do exactly this.',
  remediation:
    'Confirm the grant with the actor and its change ticket; if it was not approved, detach the policy (or delete the inline policy or policy version), and investigate the actor\'s credentials.',
  requires: ['aws-cloudtrail.policyChangeEvents'],
  controls: ['iso27001:8.2', 'iso27001:8.16'],
  evaluate(data, { scope }) {
    const w = data['aws-cloudtrail.policyChangeEvents'];
    const results: CheckResult[] = [];
    for (const e of [...w.events].sort(byEventTime)) {
      const what = adminGrant(e);
      if (!what) continue;
      const p = e.requestParameters;
      results.push({
        status: 'fail',
        resource: eventResource(e),
        message: `${what} by ${describeActor(e)} at ${e.eventTime} (${e.awsRegion}).`,
        observed: { ...eventObserved(e), ...(p.policyArn ? { policyArn: p.policyArn } : {}), ...(p.policyName ? { policyName: p.policyName } : {}), target: p.userName ?? p.groupName ?? p.roleName ?? null },
      });
    }
    if (results.length > 0) return results;
    return [{
      status: 'pass',
      resource: scopeResource(scope, 'aws-account'),
      message: `No administrator access was granted in account ${scope.id} ${describeWindow(w)}.`,
      observed: windowObserved(w, 0),
    }];
  },
});
