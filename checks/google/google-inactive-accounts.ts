import { z } from 'zod';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { isActiveGoogleUser } from '../../src/model/datasets/google.js';

const DAY_MS = 86_400_000;

/** Google reports "never signed in" as the epoch. https://developers.google.com/admin-sdk/directory/reference/rest/v1/users */
const signInTime = (t: string | undefined): number | undefined => {
  if (t === undefined) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
};

export default defineCheck({
  id: 'google-inactive-accounts',
  title: 'Every active Workspace account has signed in recently',
  severity: 'medium',
  rationale:
    'An account nobody uses is usually a leaver whose offboarding was missed or a forgotten shared login: it keeps its mail, files and SSO access, and nobody would notice it being taken over.',
  remediation:
    'Confirm with the owner or manager; suspend or delete the account (transfer its data first), or document why it must stay.',
  requires: ['google-workspace.users', 'google-workspace.breakGlassAccounts'],
  controls: ['iso27001:5.18', 'iso27001:5.16'],
  params: z
    .object({
      /** Days without a sign-in after which an active account is flagged; accounts created more recently are not. */
      maxInactiveDays: z.number().int().min(1).default(90),
    })
    .strict(),
  evaluate(data, { scope, now, params }) {
    const cutoff = now.getTime() - params.maxInactiveDays * DAY_MS;
    const breakGlass = new Set(data['google-workspace.breakGlassAccounts']);
    const active = data['google-workspace.users'].filter(
      (u) => isActiveGoogleUser(u) && !breakGlass.has(u.primaryEmail),
    );
    const results: CheckResult[] = [];
    for (const u of [...active].sort((a, b) => a.primaryEmail.localeCompare(b.primaryEmail))) {
      const created = signInTime(u.creationTime);
      const last = signInTime(u.lastLoginTime);
      const resource = { type: 'google-user', id: u.primaryEmail, ...(u.fullName ? { name: u.fullName } : {}) };
      if (created === undefined || last === undefined) {
        results.push({
          status: 'error',
          resource,
          message: `directory.users.list did not return ${created === undefined ? 'creationTime' : 'lastLoginTime'} for ${u.primaryEmail}.`,
          observed: { creationTime: u.creationTime ?? 'absent', lastLoginTime: u.lastLoginTime ?? 'absent' },
        });
        continue;
      }
      if (created > cutoff || last > cutoff) continue;
      const never = last <= 0;
      const days = Math.floor((now.getTime() - (never ? created : last)) / DAY_MS);
      results.push({
        status: 'fail',
        resource,
        message: never
          ? `User ${u.primaryEmail} has never signed in since the account was created ${days} days ago.`
          : `User ${u.primaryEmail} has not signed in for ${days} days (limit ${params.maxInactiveDays}).`,
        observed: {
          lastLoginTime: never ? 'never' : u.lastLoginTime,
          creationTime: u.creationTime,
          daysInactive: days,
          orgUnitPath: u.orgUnitPath ?? '/',
        },
      });
    }
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'google-customer'),
        message: `All ${active.length} active accounts of ${scope.id} have signed in within ${params.maxInactiveDays} days or are newer than that.`,
        observed: {
          activeUsers: active.length,
          breakGlassExcluded: breakGlass.size,
          maxInactiveDays: params.maxInactiveDays,
        },
      },
    ];
  },
});
