import { z } from 'zod';

const EmailSchema = z.email('expected an email address such as ceo@example.com').transform((e) => e.toLowerCase());

/** The systems whose accounts the identity graph links to people. */
export const PEOPLE_SYSTEMS = ['github', 'aws-iam', 'aws-identity-center'] as const;
export type PeopleSystem = (typeof PEOPLE_SYSTEMS)[number];

export const ExecutivesConfigSchema = z
  .object({
    /** Workspace groups whose members (nested groups included) are executives. */
    groups: z.array(EmailSchema).default([]),
    emails: z.array(EmailSchema).default([]),
    /** Org unit paths such as /Leadership; sub-units included. */
    orgUnits: z
      .array(z.string().regex(/^\//, 'expected an org unit path starting with /, e.g. /Leadership'))
      .default([]),
  })
  .strict();
export type ExecutivesConfig = z.output<typeof ExecutivesConfigSchema>;
export const NO_EXECUTIVES: ExecutivesConfig = { groups: [], emails: [], orgUnits: [] };

/**
 * A declared service account: matched by name (`*` wildcards: a GitHub login, an IAM user name, an Identity Center
 * user name) or by an IAM tag, in one system or every one. Inventoried with its owner, never failed as an orphan.
 */
export const ServiceAccountRuleSchema = z
  .object({
    system: z.enum(PEOPLE_SYSTEMS).optional(),
    name: z.string().min(1).optional(),
    /** An IAM user tag (`Key` or `Key=Value`). */
    tag: z.string().min(1).optional(),
    /** The person answerable for it. */
    owner: EmailSchema,
  })
  .strict()
  .refine((r) => (r.name === undefined) !== (r.tag === undefined), {
    error: 'expected exactly one of name (a pattern such as deploy-*) or tag (an IAM tag such as assay:service=true)',
  });
export type ServiceAccountRule = z.output<typeof ServiceAccountRuleSchema>;

/** An explicit link for an account no automatic rule can make: the lowest-trust rule, never overriding the others. */
export const AccountMappingSchema = z
  .object({
    email: EmailSchema,
    github: z.string().min(1).optional(),
    /** The IAM user's ARN. */
    iamUser: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:user\//, 'expected an IAM user ARN')
      .optional(),
    /** The Identity Center user name. */
    identityCenterUser: z.string().min(1).optional(),
  })
  .strict()
  .refine((m) => m.github !== undefined || m.iamUser !== undefined || m.identityCenterUser !== undefined, {
    error: 'expected at least one account to link: github, iamUser or identityCenterUser',
  });
export type AccountMapping = z.output<typeof AccountMappingSchema>;

/** `people.accessReview`: how often access is reviewed and who reviews each system's accounts. */
export const AccessReviewConfigSchema = z
  .object({
    periodDays: z.number().int().positive().max(366).default(90),
    /** The reviewer per system when the person has no manager in Workspace `relations`. */
    reviewers: z.partialRecord(z.enum(['google-workspace', ...PEOPLE_SYSTEMS]), EmailSchema).default({}),
    defaultReviewer: EmailSchema.optional(),
  })
  .strict();
export type AccessReviewConfig = z.output<typeof AccessReviewConfigSchema>;

/** `people`: who the people are across systems, which are executives and service accounts, the offboarding SLA. */
export const PeopleConfigSchema = z
  .object({
    executives: ExecutivesConfigSchema.default(NO_EXECUTIVES),
    /** Hours an offboarded person's access may outlive their offboarding. */
    offboardingSlaHours: z
      .number()
      .positive()
      .max(24 * 90)
      .default(24),
    /** The IAM user tag holding the person's email. */
    iamEmailTag: z.string().min(1).default('email'),
    serviceAccounts: z.array(ServiceAccountRuleSchema).default([]),
    accounts: z.array(AccountMappingSchema).default([]),
    /** More `accounts` from a YAML or CSV file (by extension), relative to the config file; merged with them. */
    mappingFile: z
      .string()
      .regex(/\.(ya?ml|csv)$/i, 'expected a .yaml, .yml or .csv file, e.g. people-mapping.csv')
      .optional(),
    accessReview: AccessReviewConfigSchema.optional(),
  })
  .strict();
export type PeopleConfig = z.output<typeof PeopleConfigSchema>;

/** Per-source executive settings that moved to `people.executives`: refused with a config error naming it. */
const MOVED_TO_EXECUTIVES: Readonly<Record<string, readonly string[]>> = {
  'aws-iam-console-users-mfa': ['executiveTag'],
};

/** A config error line for each moved per-check executive setting the config still sets under `checks`. */
export function movedExecutiveSettings(checks: Readonly<Record<string, Readonly<Record<string, unknown>>>>): string[] {
  return Object.entries(MOVED_TO_EXECUTIVES).flatMap(([id, keys]) =>
    keys
      .filter((k) => checks[id]?.[k] !== undefined)
      .map(
        (k) =>
          `checks.${id}.${k}: moved: executives are declared once for every system under people.executives (groups, emails, orgUnits); IAM users reach them through people.iamEmailTag or people.accounts, and people-executives-protected checks their MFA`,
      ),
  );
}
