import { z } from 'zod';
import { SecretRefSchema } from './secret-ref.js';

export const AwsAccountIdSchema = z
  .string()
  .regex(/^\d{12}$/, 'expected a 12-digit AWS account id, quoted: "123456789012"');

/** An IAM role name (not an ARN): assay builds `arn:aws:iam::<account>:role/<roleName>` per account. */
const RoleNameSchema = z
  .string()
  .regex(/^[\w+=,.@/-]{1,64}$/, 'expected an IAM role name such as AssayAudit (not an ARN)');

const IAM_NAME = '[\\w+=,.@-]{1,64}';
const IAM_PATH = '(?:[\\w+=,.@-]+/)*';
/** A role name with its optional path, or a role ARN. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns */
const BreakGlassRoleSchema = z
  .string()
  .regex(
    new RegExp(`^(?:/?${IAM_PATH}${IAM_NAME}|arn:aws(?:-cn|-us-gov)?:iam::\\d{12}:role/${IAM_PATH}${IAM_NAME})$`),
    'expected a role name (BreakGlass), a name with its path (emergency/BreakGlass) or a role ARN (arn:aws:iam::123456789012:role/emergency/BreakGlass)',
  );

const AccountsSchema = z.discriminatedUnion('mode', [
  /** The one account the credentials belong to (sts:GetCallerIdentity), under `name` in reports when given. */
  z.object({ mode: z.literal('default'), name: z.string().min(1).optional() }).strict(),
  /** These accounts, each through sts:AssumeRole of `roleName`. */
  z
    .object({
      mode: z.literal('list'),
      roleName: RoleNameSchema,
      /** Sent as ExternalId when the role's trust policy requires one. */
      externalId: SecretRefSchema.optional(),
      accounts: z
        .array(z.object({ id: AwsAccountIdSchema, name: z.string().min(1).optional() }).strict())
        .min(1)
        .refine((list) => new Set(list.map((a) => a.id)).size === list.length, 'expected each account id once'),
    })
    .strict(),
  /**
   * Every ACTIVE account of the organization (organizations:ListAccounts, run from the management account or a
   * delegated administrator), each through sts:AssumeRole of `roleName`; the credentials' own account is read directly.
   */
  z
    .object({
      mode: z.literal('organization'),
      roleName: RoleNameSchema,
      externalId: SecretRefSchema.optional(),
      exclude: z.array(AwsAccountIdSchema).default([]),
    })
    .strict(),
]);
export type AwsAccountsConfig = z.infer<typeof AccountsSchema>;

export const AwsSourceConfigSchema = z
  .object({
    accounts: AccountsSchema.default({ mode: 'default' }),
    /**
     * Unset (the default): every region enabled for each account (account:ListRegions), since sign-in, STS and
     * CloudTrail events are recorded where they happen. Set: only these regions (of those enabled), and passes say
     * which enabled regions were not read. The first region also serves global services (IAM, STS, Organizations);
     * unset, that is us-east-1.
     */
    regions: z
      .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as us-east-1'))
      .min(1)
      .optional(),
    /** Accounts collected at once. */
    accountConcurrency: z.number().int().min(1).max(32).default(4),
    /**
     * Explicit base credentials. Without them the AWS SDK default chain is used (environment, shared profile,
     * SSO, ECS/Lambda role, EC2 instance profile), which is what production should use.
     */
    credentials: z
      .object({
        accessKeyId: SecretRefSchema,
        secretAccessKey: SecretRefSchema,
        sessionToken: SecretRefSchema.optional(),
      })
      .strict()
      .optional(),
    /** One endpoint for every AWS client (the simulator, or a proxy); unset means AWS's own endpoints. */
    endpoint: z.url().optional(),
    /** Per HTTP request; a request that hangs longer is aborted and retried. */
    requestTimeoutSeconds: z.number().positive().default(30),
    /** HTTP attempts per call, including the first (throttling and 5xx are retried with backoff and Retry-After). */
    maxAttempts: z.number().int().min(1).max(10).default(5),
    /** CloudTrail event history (LookupEvents) read by the aws-cloudtrail collector. */
    cloudtrail: z
      .object({
        /** Hours of events read when there is no previous run; later runs read from the previous run on (CloudTrail keeps 90 days). */
        lookbackHours: z.number().int().min(1).max(2160).default(24),
        /**
         * Break-glass roles whose AssumeRole is reported: a name with its path, if any (`BreakGlass`,
         * `emergency/BreakGlass`), watched in every account; or a role ARN, watched in its own account. Empty: not watched.
         */
        breakGlassRoles: z.array(BreakGlassRoleSchema).default([]),
      })
      .strict()
      .default({ lookbackHours: 24, breakGlassRoles: [] }),
    /**
     * IAM Identity Center, read by the aws-identity-center collector from the organization's management account or
     * Identity Center's delegated administrator. Unset: not read.
     */
    identityCenter: z
      .object({
        /** The region the Identity Center instance lives in. */
        region: z
          .string({ error: 'expected the region of the Identity Center instance, such as eu-west-1' })
          .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as eu-west-1'),
        /** The instance to read; unset: the one instance ListInstances returns. */
        instanceArn: z
          .string()
          .regex(
            /^arn:aws[\w-]*:sso:::instance\/(sso)?ins-[\w.-]{16}$/,
            'expected an instance ARN such as arn:aws:sso:::instance/ssoins-0123456789abcdef',
          )
          .optional(),
        /**
         * The delegated administrator account, entered through `accounts.roleName`; unset: the account of the
         * credentials assay starts from (the management account).
         */
        account: AwsAccountIdSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type AwsSourceConfig = z.infer<typeof AwsSourceConfigSchema>;
