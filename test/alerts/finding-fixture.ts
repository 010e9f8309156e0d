import type { Finding } from '../../src/model/finding.js';

/** A failing finding with the fields alerts and tickets read; `over` replaces any of them. */
export const finding = (over: Partial<Finding> & { id?: string } = {}): Finding => {
  const { id = 'alice', ...rest } = over;
  const checkId = rest.checkId ?? 'github-members-2fa-enabled';
  return {
    key: `${checkId}|github-org:acme|user:${id}`,
    checkId,
    checkVersion: 1,
    title: 'Every member has two-factor authentication',
    status: 'fail',
    severity: 'high',
    scope: { kind: 'github-org', id: 'acme' },
    resource: { type: 'user', id, name: id },
    message: `Member ${id} has no second factor.`,
    observed: {},
    controls: ['iso27001:5.17', 'iso27001:8.5'],
    lifecycle: 'new',
    ...rest,
  };
};
