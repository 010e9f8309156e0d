import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { SYSTEM_LABEL } from '../../src/model/people/graph-findings.js';

/** An account two link rules give to different people, or that two people claim: resolved by a person, never guessed. */
export default defineCheck({
  id: 'people-link-conflicts',
  title: 'No account is linked to two different people',
  severity: 'high',
  rationale:
    'A shared or mislabelled account defeats accountability: offboarding one of its people leaves it live, and its actions cannot be attributed.',
  remediation:
    'Find who really uses the account; fix the IAM email tag, the SAML identity or the people.accounts entry that names the wrong person, or split a shared account into personal ones.',
  requires: ['people.graph'],
  controls: ['iso27001:5.16'],
  evaluate(data, { scope }) {
    const graph = data['people.graph'];
    if (graph.conflicts.length === 0)
      return [
        {
          status: 'pass',
          resource: scopeResource(scope, 'organization'),
          message: `None of the ${graph.accounts.length} accounts is claimed by two people.`,
        },
      ];
    return graph.conflicts.map((c): CheckResult => ({
      status: 'fail',
      resource: { type: `${c.system}-account`, id: `${c.scope}/${c.account}`, name: c.name },
      message: `${SYSTEM_LABEL[c.system]} account ${c.name} in ${c.scope} is claimed by ${[...new Set(c.claims.map((x) => x.person))].join(' and ')} (${c.claims.map((x) => `${x.rule}: ${x.person}`).join(', ')}), so it is linked to nobody.`,
      observed: { claims: c.claims },
    }));
  },
});
