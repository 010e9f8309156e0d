import { randomBytes } from 'node:crypto';
import type { AwsSimPrincipal } from './aws-state.js';
import { AwsSimError } from './aws-protocol.js';
import type { AwsAction } from './aws-route-table.js';

const STS = {
  protocol: 'query',
  service: 'sts',
  version: '2011-06-15',
  xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
} as const;

/** Obviously fake temporary keys: mixed case, never the shape of a real AWS key id. */
const tempKey = () => `SIMtmp${randomBytes(7).toString('hex')}`;

/**
 * STS: GetCallerIdentity and AssumeRole. AssumeRole succeeds only for the audit role of an ACTIVE account whose trust
 * policy admits the caller (and the external id, when one is set); the issued keys are added to `keys`.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export function stsActions(keys: Map<string, AwsSimPrincipal>): AwsAction[] {
  return [
    {
      ...STS,
      action: 'GetCallerIdentity',
      handle: ({ caller }) => ({ UserId: caller.userId, Account: caller.accountId, Arn: caller.arn }),
    },
    {
      ...STS,
      action: 'AssumeRole',
      handle: ({ form, caller, state }) => {
        const roleArn = form.get('RoleArn') ?? '';
        const session = form.get('RoleSessionName') ?? '';
        const duration = Number(form.get('DurationSeconds') ?? 3600);
        if (!/^[\w+=,.@-]{2,64}$/.test(session))
          throw new AwsSimError(
            'ValidationError',
            `1 validation error detected: Value '${session}' at 'roleSessionName' failed to satisfy constraint`,
          );
        if (duration < 900 || duration > 43200)
          throw new AwsSimError(
            'ValidationError',
            `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
          );
        const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
        const account = m ? state.accounts.find((a) => a.id === m[1]) : undefined;
        const denied = () =>
          new AwsSimError(
            'AccessDenied',
            `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
            403,
          );
        if (!m || !account || account.status !== 'ACTIVE' || m[2] !== state.auditRoleName || account.denyAssumeRole)
          throw denied();
        if (state.externalId !== undefined && form.get('ExternalId') !== state.externalId) throw denied();
        const roleId = `AROA${account.id.slice(0, 8)}sim${m[2].length}`;
        const principal: AwsSimPrincipal = {
          accessKeyId: tempKey(),
          secretAccessKey: `simSecret/${randomBytes(12).toString('hex')}`,
          sessionToken: `simSession/${randomBytes(16).toString('hex')}`,
          accountId: account.id,
          arn: `arn:aws:sts::${account.id}:assumed-role/${m[2]}/${session}`,
          userId: `${roleId}:${session}`,
        };
        keys.set(principal.accessKeyId, principal);
        return {
          Credentials: {
            AccessKeyId: principal.accessKeyId,
            SecretAccessKey: principal.secretAccessKey,
            SessionToken: principal.sessionToken,
            // Real time: the SDK compares it with its own clock to decide when to refresh.
            Expiration: new Date(Date.now() + duration * 1000),
          },
          AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
        };
      },
    },
  ];
}
