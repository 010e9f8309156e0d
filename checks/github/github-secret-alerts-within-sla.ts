import { z } from 'zod';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { aiProviderOf } from './support/ai-providers.js';

const DAY_MS = 86_400_000;

/** https://docs.github.com/en/code-security/secret-scanning/managing-alerts-from-secret-scanning/evaluating-alerts */
export default defineCheck({
  id: 'github-secret-alerts-within-sla',
  title: 'Every open secret-scanning alert is resolved within the SLA',
  severity: 'high',
  rationale:
    'A committed credential stays usable by anyone who can read the code, or its history, until it is revoked; an alert left open means it probably has not been.',
  remediation:
    'Revoke and rotate the secret at its provider (for AI provider keys: the provider console), then close the alert as revoked; rewriting history alone does not make a leaked key safe.',
  requires: ['github.secretScanningAlerts'],
  controls: ['iso27001:5.17', 'iso27001:5.25', 'iso27001:8.8'],
  params: z.object({ slaDays: z.number().int().positive().default(7) }).strict(),
  evaluate(data, { scope, now, params }) {
    const alerts = data['github.secretScanningAlerts'];
    const aged = alerts.map((a) => ({ a, age: Math.floor((now.getTime() - Date.parse(a.created_at)) / DAY_MS) }));
    // The dataset schema refuses such a timestamp; should one get through, its alert's age is unknown, never "within".
    const undated: CheckResult[] = aged
      .filter(({ age }) => Number.isNaN(age))
      .map(({ a }) => ({
        status: 'error',
        resource: {
          type: 'github-secret-scanning-alert',
          id: `${a.repository.slice(a.repository.indexOf('/') + 1)}#${a.number}`,
        },
        message: `Secret-scanning alert #${a.number} in ${a.repository} has an unreadable created_at (${JSON.stringify(a.created_at)}), so its age is unknown.`,
        observed: { repository: a.repository, number: a.number, created_at: a.created_at },
      }));
    const late = aged
      .filter(({ age }) => age > params.slaDays)
      .sort((x, y) => y.age - x.age || x.a.repository.localeCompare(y.a.repository) || x.a.number - y.a.number);
    if (undated.length > 0 && late.length === 0) return undated;
    if (late.length === 0) {
      return [
        {
          status: 'pass',
          resource: scopeResource(scope, 'github-org'),
          message: `No open secret-scanning alert in ${scope.id} is older than ${params.slaDays} days (${alerts.length} open within the SLA).`,
          observed: { open: alerts.length, slaDays: params.slaDays },
        },
      ];
    }
    return [
      ...undated,
      ...late.map(({ a, age }): CheckResult => {
        const repo = a.repository.includes('/') ? a.repository.slice(a.repository.indexOf('/') + 1) : a.repository;
        const kind = a.secret_type_display_name ?? a.secret_type;
        const provider = aiProviderOf(a.secret_type, a.secret_type_display_name);
        const active = a.validity === 'active';
        return {
          status: 'fail' as const,
          severity: active ? ('critical' as const) : undefined,
          resource: { type: 'github-secret-scanning-alert', id: `${repo}#${a.number}`, name: kind },
          message:
            `Secret-scanning alert #${a.number} in ${a.repository} (${kind}${provider ? `, an AI provider key for ${provider}` : ''}) ` +
            `has been open ${age} days, beyond the ${params.slaDays}-day SLA${active ? ', and GitHub reports the secret as still active' : ''}.`,
          observed: {
            repository: a.repository,
            number: a.number,
            secret_type: a.secret_type,
            secret_type_display_name: a.secret_type_display_name,
            validity: a.validity ?? 'unknown',
            publicly_leaked: a.publicly_leaked ?? null,
            created_at: a.created_at,
            ageDays: age,
            slaDays: params.slaDays,
            aiProvider: provider ?? null,
            html_url: a.html_url,
          },
        };
      }),
    ];
  },
});
