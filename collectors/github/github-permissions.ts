import type { Permission } from '../../src/model/collector.js';

/** Token scopes / fine-grained permissions the GitHub collector needs; all read-only. */
export const githubPermissions: readonly Permission[] = [
  { name: 'read:org (classic) / Organization: Members read (fine-grained)', why: 'list members and owners of each organization' },
  { name: 'organization owner', why: "GitHub answers the 2FA member filter and the org's two_factor_requirement_enabled only to owners" },
];
