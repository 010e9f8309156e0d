import { z } from 'zod';

/**
 * The identity graph: the people of record (Workspace users) and every account in the other systems, linked to a
 * person with the rule that made the link, or left unlinked (an orphan) or declared a service account. Compact on
 * purpose: ids, links and flags, never a secret (access key slots and last-use dates, not keys).
 */

export const GRAPH_SYSTEMS = [
  'google-workspace',
  'github',
  'aws-iam',
  'aws-identity-center',
  'aws-cloudtrail',
] as const;
export type GraphSystem = (typeof GRAPH_SYSTEMS)[number];

/** How far a system was read in this run: a failed read makes every cross-system finding about it `error`. */
export const SystemReadSchema = z.object({
  system: z.enum(GRAPH_SYSTEMS),
  /** The org login, AWS account id or Workspace customer. */
  scope: z.string(),
  failures: z.array(z.object({ dataset: z.string(), operation: z.string(), message: z.string() })),
});
export type SystemRead = z.infer<typeof SystemReadSchema>;

export const OffboardingSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  /** `admin-event`: a Reports API admin event; `first-run`: the first run that saw the person suspended or gone. */
  source: z.enum(['admin-event', 'first-run']),
  /** SUSPEND_USER, DELETE_USER, ARCHIVE_USER, or the state the run saw. */
  event: z.string(),
  actor: z.string().optional(),
});
export type Offboarding = z.infer<typeof OffboardingSchema>;

export const PersonSchema = z.object({
  email: z.string(),
  name: z.string().optional(),
  state: z.enum(['active', 'suspended', 'archived', 'deleted']),
  offboarding: OffboardingSchema.optional(),
  /** How the person is an executive (`group exec@…`, `listed`, `org unit /Leadership`); empty when not. */
  executiveVia: z.array(z.string()),
  /** Workspace 2-Step Verification; absent when Google did not say. */
  enrolledIn2Sv: z.boolean().optional(),
  enforcedIn2Sv: z.boolean().optional(),
  /** Workspace admin paths: `super admin`, `delegated admin (Groups Admin)`. */
  admin: z.array(z.string()),
  /** The manager from Workspace `relations`, when the directory holds one. */
  manager: z.string().optional(),
});
export type Person = z.infer<typeof PersonSchema>;

/** An account's second factor as its system reports it. */
export const MfaStateSchema = z.enum(['on', 'off', 'sms-only', 'unknown', 'workspace-2sv', 'not-needed']);
export type MfaState = z.infer<typeof MfaStateSchema>;

export const AccessKeySchema = z.object({
  /** The credential report's slot (1 or 2); the report names no key id. */
  slot: z.number().int().min(1).max(2),
  active: z.boolean(),
  lastUsed: z.string().nullable(),
});

export const AccountSchema = z.object({
  system: z.enum(['github', 'aws-iam', 'aws-identity-center']),
  scope: z.string(),
  /** Login, IAM user ARN, Identity Center user id. */
  id: z.string(),
  name: z.string(),
  /** The linked person's email. */
  person: z.string().optional(),
  /** The rule that made the link: `saml-identity`, `verified-email`, `user-name`, `email`, `iam-tag`, `mapping`. */
  linkedBy: z.string().optional(),
  service: z.object({ owner: z.string(), rule: z.string() }).optional(),
  mfa: MfaStateSchema,
  /** What still lets it in: `org member`, `outside collaborator`, `console password`, `access key 1`, `assignment …`. */
  access: z.array(z.string()),
  accessKeys: z.array(AccessKeySchema).optional(),
  /** Admin paths: `org owner`, `IAM admin: AdministratorAccess`, `permission set AdminAccess in 111…`. */
  admin: z.array(z.string()),
  lastUsed: z.string().optional(),
});
export type Account = z.infer<typeof AccountSchema>;

/** Two rules linking one account to different people, or one account claimed by two: a finding, never a guess. */
export const LinkConflictSchema = z.object({
  system: z.enum(['github', 'aws-iam', 'aws-identity-center']),
  scope: z.string(),
  account: z.string(),
  name: z.string(),
  claims: z.array(z.object({ person: z.string(), rule: z.string() })),
});
export type LinkConflict = z.infer<typeof LinkConflictSchema>;

/** One offboarded person's access in one system: live, or gone since the first run that saw it gone. */
export const RevocationSchema = z.object({
  person: z.string(),
  system: z.enum(['github', 'aws-iam', 'aws-identity-center']),
  scope: z.string(),
  account: z.string(),
  name: z.string(),
  offboardedAt: z.string(),
  offboardingSource: z.enum(['admin-event', 'first-run']),
  /** The first run that saw the access gone; absent while it is live. */
  revokedAt: z.string().optional(),
});
export type Revocation = z.infer<typeof RevocationSchema>;

/** A CloudTrail event by an IAM user, kept when it is later than the user's person's offboarding. */
export const ActivitySchema = z.object({
  account: z.string(),
  eventName: z.string(),
  eventTime: z.string(),
  eventId: z.string(),
});

export const PeopleGraphSchema = z.object({
  systems: z.array(SystemReadSchema),
  persons: z.array(PersonSchema),
  accounts: z.array(AccountSchema),
  conflicts: z.array(LinkConflictSchema),
  revocations: z.array(RevocationSchema),
  /** CloudTrail events by linked IAM users of offboarded people, after the offboarding. */
  activityAfterOffboarding: z.array(ActivitySchema),
  offboardingSlaHours: z.number(),
});
export type PeopleGraph = z.infer<typeof PeopleGraphSchema>;

export const peopleDatasets = {
  'people.graph': PeopleGraphSchema,
};
