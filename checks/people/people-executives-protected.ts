import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import type { Account, Person } from '../../src/model/datasets/people.js';
import {
  ACCOUNT_SYSTEMS,
  accountsOf,
  describeAccount,
  describeRead,
  failedReads,
  personResource,
} from '../../src/model/people/graph-findings.js';

type Verdict = 'ok' | 'missing' | 'unknown';

function workspace(p: Person): [Verdict, string] {
  if (p.enrolledIn2Sv === undefined || p.enforcedIn2Sv === undefined)
    return ['unknown', 'Workspace 2SV state not returned by directory.users.list'];
  if (p.enrolledIn2Sv && p.enforcedIn2Sv) return ['ok', 'Workspace 2SV enrolled and enforced'];
  return [
    'missing',
    `Workspace 2SV ${p.enrolledIn2Sv ? 'enrolled but not enforced' : `not enrolled${p.enforcedIn2Sv ? ' (enforced)' : ''}`}`,
  ];
}

function account(a: Account, google: Verdict): [Verdict, string] {
  const name = describeAccount(a);
  switch (a.mfa) {
    case 'on':
      return ['ok', `${name}: ${a.system === 'github' ? '2FA on, not SMS-only' : 'console MFA on'}`];
    case 'off':
      return ['missing', `${name}: ${a.system === 'github' ? '2FA off' : 'console password without MFA'}`];
    case 'sms-only':
      return ['missing', `${name}: 2FA by SMS only`];
    case 'not-needed':
      return ['ok', `${name}: no console password`];
    case 'workspace-2sv':
      return [google, `${name}: signs in through Workspace, so relies on its 2SV`];
    case 'unknown':
      return [
        'unknown',
        a.system === 'aws-identity-center'
          ? `${name}: Identity Center is not fed by an external IdP and no API shows its own MFA settings`
          : `${name}: second factor not readable`,
      ];
  }
}

/**
 * Auditors sample executive accounts first; "the rules apply to everyone, especially the founders". One finding per
 * executive across every system the identity graph links them in.
 */
export default defineCheck({
  id: 'people-executives-protected',
  title: 'Every executive has a second factor on every linked account, in every system',
  severity: 'critical',
  rationale:
    'Executives are the accounts attackers target first; one system without a second factor (a GitHub login with SMS only, an IAM console user without MFA) undoes the protection of all the others.',
  remediation:
    'Enforce Workspace 2-Step Verification for the executive, turn on a non-SMS second factor in GitHub, assign an MFA device to any IAM console user (or remove its password), and keep Identity Center fed by Workspace.',
  requires: ['people.graph'],
  controls: ['iso27001:5.4', 'iso27001:5.17', 'iso27001:8.5'],
  evaluate(data, { scope }) {
    const graph = data['people.graph'];
    const unresolved = graph.systems.flatMap((s) =>
      s.failures.filter((f) => f.dataset === 'google-workspace.executives'),
    );
    if (unresolved.length > 0)
      return [
        {
          status: 'error',
          resource: scopeResource(scope, 'organization'),
          message: `The executives could not be resolved: ${unresolved.map((f) => `${f.operation}: ${f.message}`).join('; ')}.`,
        },
      ];
    const executives = graph.persons.filter((p) => p.executiveVia.length > 0);
    if (executives.length === 0)
      return [
        {
          status: 'not_applicable',
          resource: scopeResource(scope, 'organization'),
          message: 'No executives are declared (people.executives: groups, emails or orgUnits) or none was found.',
        },
      ];
    const unread = ACCOUNT_SYSTEMS.flatMap((s) => failedReads(graph, s));
    return executives.map((p): CheckResult => {
      const resource = personResource(p);
      if (p.state !== 'active')
        return {
          status: 'not_applicable',
          resource,
          message: `Executive ${p.email} is ${p.state} and cannot sign in (people-offboarded-access covers what is left).`,
          observed: { executive: true, executiveVia: p.executiveVia, state: p.state },
        };
      const google = workspace(p);
      const parts = [google, ...accountsOf(graph, p.email).map((a) => account(a, google[0]))];
      const missing = parts.filter(([v]) => v === 'missing').map(([, s]) => s);
      const unknown = parts.filter(([v]) => v === 'unknown').map(([, s]) => s);
      const observed = {
        executive: true,
        executiveVia: p.executiveVia,
        accounts: parts.map(([v, s]) => `${v}: ${s}`),
        ...(unread.length ? { systemsNotRead: unread.map(describeRead) } : {}),
      };
      const all = parts.map(([, s]) => s).join('; ');
      if (missing.length > 0)
        return {
          status: 'fail',
          resource,
          message: `Executive ${p.email} lacks a second factor in ${missing.length === 1 ? 'one place' : `${missing.length} places`}: ${missing.join('; ')}.`,
          observed,
        };
      if (unknown.length > 0 || unread.length > 0)
        return {
          status: 'error',
          resource,
          message: `Executive ${p.email}'s second factor cannot be verified everywhere: ${[...unknown, ...unread.map((r) => `${describeRead(r)} was not read`)].join('; ')}.`,
          observed,
        };
      return {
        status: 'pass',
        resource,
        message: `Executive ${p.email} has a second factor everywhere: ${all}.`,
        observed,
      };
    });
  },
});
