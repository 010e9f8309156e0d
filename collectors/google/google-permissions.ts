import type { Permission } from '../../src/model/collector.js';

/** What the Google Workspace collector needs: read-only scopes, plus one that is not, for the opt-in token inventory. */
export const googlePermissions: readonly Permission[] = [
  {
    name: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
    why: 'list users with their 2-Step Verification enrolment and enforcement, admin flags, suspension, archive and last login (directory.users.list)',
  },
  {
    name: 'https://www.googleapis.com/auth/admin.directory.group.member.readonly',
    why: 'list members of the configured executive groups and of groups that hold admin roles (directory.members.list)',
  },
  {
    name: 'https://www.googleapis.com/auth/admin.directory.rolemanagement.readonly',
    why: 'list admin roles and their assignments to find super admins and delegated admins (directory.roles.list, directory.roleAssignments.list)',
  },
  {
    name: 'https://www.googleapis.com/auth/admin.reports.audit.readonly',
    why: 'read OAuth grant events (token authorize / revoke) for third-party app access and admin user events (suspend, delete, archive) as offboarding evidence (reports.activities.list)',
  },
  {
    name: 'https://www.googleapis.com/auth/admin.directory.user.security (only with sources.google.tokenInventory.enabled)',
    why: "list every user's OAuth tokens for the inventory of current third-party grants (directory.tokens.list). Not read-only: the scope also allows deleting users' tokens and app-specific passwords, and Google has no read-only variant; assay only lists. Leave it out unless the inventory is on",
  },
  {
    name: "domain-wide delegation of the service account's client id (Admin console → Security → API controls)",
    why: 'the Admin SDK answers only an admin: assay impersonates auth.subject, an admin whose role can read users, groups, roles and reports; authorise exactly the four read-only scopes above (five with the token inventory)',
  },
  {
    name: 'roles/iam.serviceAccountTokenCreator on the delegated service account (keyless applicationDefault only)',
    why: 'without a key, iamcredentials signJwt signs the delegation assertion as that service account',
  },
];
