import { z } from 'zod';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { googleAdmins, isActiveGoogleUser } from '../../src/model/datasets/google.js';

/**
 * Google: more than one super admin so one lost account does not lock the tenant, but few of them, and a daily
 * account without the role. https://support.google.com/a/answer/9011373
 */
export default defineCheck({
  id: 'google-super-admin-count',
  title: 'Between two and a handful of people hold the super admin role',
  severity: 'medium',
  rationale:
    'A single super admin is a single point of failure (a lost phone locks the tenant); every extra one widens what one phished account can do. Break-glass accounts are kept apart: they do not count, but they must exist.',
  remediation:
    'Admin console → Account → Admin roles → Super Admin: remove the role from people who need less (assign a delegated role instead), or add a second admin; list break-glass accounts in sources.google.breakGlassAccounts.',
  requires: [
    'google-workspace.users',
    'google-workspace.roles',
    'google-workspace.roleAssignments',
    'google-workspace.breakGlassAccounts',
  ],
  controls: ['iso27001:8.2', 'iso27001:5.18'],
  params: z
    .object({
      /** Fewest super admins (break-glass accounts not counted). */
      minimum: z.number().int().min(1).default(2),
      /** Most super admins (break-glass accounts not counted). */
      maximum: z.number().int().min(1).default(4),
    })
    .strict()
    .refine((p) => p.minimum <= p.maximum, 'expected minimum ≤ maximum'),
  evaluate(data, { scope, params }) {
    const users = data['google-workspace.users'];
    const breakGlass = new Set(data['google-workspace.breakGlassAccounts']);
    const supers = [
      ...googleAdmins(users, data['google-workspace.roles'], data['google-workspace.roleAssignments']).values(),
    ].filter((a) => a.superAdmin);
    const active = supers.filter((a) => isActiveGoogleUser(a.user));
    const counted = active
      .map((a) => a.user.primaryEmail)
      .filter((e) => !breakGlass.has(e))
      .sort();
    const results: CheckResult[] = [];
    const known = new Set(users.map((u) => u.primaryEmail));
    for (const email of [...breakGlass].sort()) {
      if (!known.has(email)) {
        results.push({
          status: 'error',
          resource: { type: 'google-user', id: email },
          message: `Break-glass account ${email} was not found in the directory.`,
          observed: { breakGlass: true },
        });
      }
    }
    const observed = {
      superAdmins: counted,
      breakGlass: active
        .map((a) => a.user.primaryEmail)
        .filter((e) => breakGlass.has(e))
        .sort(),
      suspendedOrArchived: supers
        .filter((a) => !isActiveGoogleUser(a.user))
        .map((a) => a.user.primaryEmail)
        .sort(),
      minimum: params.minimum,
      maximum: params.maximum,
    };
    const resource = scopeResource(scope, 'google-customer');
    const n = counted.length;
    if (n < params.minimum) {
      results.push({
        status: 'fail',
        resource,
        message: `${scope.id} has ${n} super admin${n === 1 ? '' : 's'} besides break-glass accounts; at least ${params.minimum} are needed so one lost account does not lock the tenant.`,
        observed,
      });
    } else if (n > params.maximum) {
      results.push({
        status: 'fail',
        resource,
        message: `${scope.id} has ${n} super admins besides break-glass accounts, more than the maximum of ${params.maximum}.`,
        observed,
      });
    } else {
      results.push({
        status: 'pass',
        resource,
        message: `${scope.id} has ${n} super admins besides break-glass accounts (allowed ${params.minimum} to ${params.maximum}).`,
        observed,
      });
    }
    return results;
  },
});
