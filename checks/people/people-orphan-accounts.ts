import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import {
  ACCOUNT_SYSTEMS,
  accountResource,
  describeRead,
  failedReads,
  SYSTEM_LABEL,
} from '../../src/model/people/graph-findings.js';

/** Accounts no rule links to a person of record and no declaration names a service account. */
export default defineCheck({
  id: 'people-orphan-accounts',
  title: 'Every GitHub member and IAM or Identity Center user belongs to a person or is a declared service account',
  severity: 'medium',
  rationale:
    'An account nobody answers for is never offboarded and never reviewed: a former contractor’s login, a test user, a key someone created and forgot.',
  remediation:
    'Link the account (SAML single sign-on for GitHub, an `email` tag on the IAM user, or people.accounts), declare it under people.serviceAccounts with an owner, or remove it.',
  requires: ['people.graph'],
  controls: ['iso27001:5.16', 'iso27001:5.18'],
  evaluate(data, { scope }) {
    const graph = data['people.graph'];
    const conflicted = new Set(graph.conflicts.map((c) => `${c.system}|${c.scope}|${c.account}`));
    const results: CheckResult[] = graph.accounts
      .filter((a) => !a.person && !a.service && !conflicted.has(`${a.system}|${a.scope}|${a.id}`))
      .map((a) => ({
        status: 'fail',
        resource: accountResource(a),
        message: `${SYSTEM_LABEL[a.system]} account ${a.name} in ${a.scope} is linked to no person and is not a declared service account${a.access.length ? ` (access: ${a.access.join(', ')})` : ''}.`,
        observed: { access: a.access, admin: a.admin, ...(a.lastUsed ? { lastUsed: a.lastUsed } : {}) },
        ...(a.admin.length > 0 ? { severity: 'high' as const } : {}),
      }));
    for (const system of ACCOUNT_SYSTEMS)
      for (const r of failedReads(graph, system))
        results.push({
          status: 'error',
          resource: { type: `${system}-accounts`, id: r.scope },
          message: `Orphan accounts in ${describeRead(r)} cannot be ruled out: the read failed.`,
          observed: { failures: r.failures },
        });
    if (results.length === 0) {
      const counted = graph.accounts.length;
      const service = graph.accounts.filter((a) => a.service).length;
      results.push({
        status: 'pass',
        resource: scopeResource(scope, 'organization'),
        message: `All ${counted} accounts in ${
          graph.systems
            .filter((s) => (ACCOUNT_SYSTEMS as readonly string[]).includes(s.system))
            .map((s) => `${SYSTEM_LABEL[s.system]} ${s.scope}`)
            .join(', ') || 'no other system'
        } belong to a person or are declared service accounts (${service}).`,
      });
    }
    return results;
  },
});
