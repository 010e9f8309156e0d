import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  IAMClient,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { defineCollector, type ScopeRecorder } from '../../src/model/collector.js';
import type { AwsSourceConfig } from '../../src/model/config/aws-config.js';
import { awsIamDatasets, type VirtualMfaDevice } from '../../src/model/datasets/aws-iam.js';
import type { DatasetKey } from '../../src/model/datasets/index.js';
import { forEachAccount } from './aws-accounts.js';
import { isAwsError } from './aws-errors.js';
import { fetchAuthorizationDetails } from './aws-iam-authorization.js';
import { fetchCredentialReport, parseCredentialReport, type PollOptions } from './aws-iam-credential-report.js';
import { awsIamPermissions } from './aws-iam-permissions.js';

async function listVirtualMfaDevices(iam: IAMClient, signal: AbortSignal): Promise<VirtualMfaDevice[]> {
  const out: VirtualMfaDevice[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(
      new ListVirtualMFADevicesCommand({
        AssignmentStatus: 'Assigned',
        MaxItems: 1000,
        ...(marker ? { Marker: marker } : {}),
      }),
      { abortSignal: signal },
    );
    for (const d of page.VirtualMFADevices ?? []) {
      out.push({
        SerialNumber: d.SerialNumber ?? '',
        ...(d.User?.Arn ? { UserArn: d.User.Arn } : {}),
        ...(d.User?.UserName ? { UserName: d.User.UserName } : {}),
        ...(d.EnableDate ? { EnableDate: d.EnableDate.toISOString() } : {}),
      });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
    // Stopping here would drop the remaining devices and with them MFA enabled since the credential report.
    if (page.IsTruncated && !marker) throw new Error('ListVirtualMFADevices said IsTruncated but gave no Marker');
  } while (marker);
  return out;
}

/** The IAM datasets of one account: five independent calls (plus paging), run together. */
export async function collectIamAccount(
  iam: IAMClient,
  rec: ScopeRecorder,
  signal: AbortSignal,
  poll: Partial<PollOptions> = {},
): Promise<void> {
  await Promise.all([
    rec.dataset('aws-iam.credentialReport', (call) =>
      call('iam:GetCredentialReport', async () => {
        const { csv, generatedTime } = await fetchCredentialReport(iam, { ...poll, signal });
        return parseCredentialReport(csv, generatedTime);
      }),
    ),
    rec.dataset('aws-iam.authorizationDetails', (call) =>
      call('iam:GetAccountAuthorizationDetails', () => fetchAuthorizationDetails(iam, signal)),
    ),
    rec.dataset('aws-iam.virtualMfaDevices', (call) =>
      call('iam:ListVirtualMFADevices', () => listVirtualMfaDevices(iam, signal)),
    ),
    rec.dataset('aws-iam.passwordPolicy', (call) =>
      call('iam:GetAccountPasswordPolicy', async () => {
        try {
          const out = await iam.send(new GetAccountPasswordPolicyCommand({}), { abortSignal: signal });
          return { policy: out.PasswordPolicy ?? null };
        } catch (err) {
          // No policy set: a fact about the account, not a failed call.
          if (isAwsError(err, 'NoSuchEntityException', 'NoSuchEntity')) return { policy: null };
          throw err;
        }
      }),
    ),
    rec.dataset('aws-iam.accountSummary', (call) =>
      call(
        'iam:GetAccountSummary',
        async () => (await iam.send(new GetAccountSummaryCommand({}), { abortSignal: signal })).SummaryMap ?? {},
      ),
    ),
  ]);
}

export const awsIamCollector = defineCollector<AwsSourceConfig>({
  id: 'aws-iam',
  source: 'aws',
  title: 'AWS IAM: credential report, users, groups, roles and policies, MFA devices, password policy, account summary',
  permissions: awsIamPermissions,
  schema: awsIamDatasets,
  async collect(ctx) {
    await forEachAccount(ctx, Object.keys(awsIamDatasets) as DatasetKey[], async (session, rec) => {
      const iam = new IAMClient(session.clientConfig());
      try {
        await collectIamAccount(iam, rec, ctx.signal);
      } finally {
        iam.destroy();
      }
    });
  },
});
