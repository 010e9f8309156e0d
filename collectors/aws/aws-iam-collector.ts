import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  IAMClient,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { defineCollector, type ScopeRecorder } from '../../src/model/collector.js';
import type { AwsSourceConfig } from '../../src/model/config/aws-config.js';
import { awsIamDatasets, type RootAccessManagement, type VirtualMfaDevice } from '../../src/model/datasets/aws-iam.js';
import type { DatasetKey } from '../../src/model/datasets/index.js';
import { forEachAccount } from './aws-accounts.js';
import { isAwsError } from './aws-errors.js';
import { fetchAuthorizationDetails } from './aws-iam-authorization.js';
import { fetchCredentialReport, parseCredentialReport, type PollOptions } from './aws-iam-credential-report.js';
import { awsIamPermissions } from './aws-iam-permissions.js';
import { readRootAccessManagement } from './aws-iam-root-access.js';
import { PageGuard } from '../paging/page-guard.js';

/** AWS hands out a report up to four hours old; one older than this was not refreshed and is not used. */
const MAX_REPORT_AGE_HOURS = 24;

async function listVirtualMfaDevices(iam: IAMClient, signal: AbortSignal): Promise<VirtualMfaDevice[]> {
  const out: VirtualMfaDevice[] = [];
  const guard = new PageGuard('iam:ListVirtualMFADevices');
  let marker: string | undefined;
  do {
    if (marker) guard.page(marker);
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

export interface IamAccountOptions {
  signal: AbortSignal;
  /** The run's clock, against which the credential report's age is judged. */
  now: Date;
  /** The organization's centralized root access features (one call per run, shared by every account). */
  rootAccessManagement: () => Promise<RootAccessManagement>;
  poll?: Partial<PollOptions>;
}

/** The IAM datasets of one account: six independent calls (plus paging), run together. */
export async function collectIamAccount(iam: IAMClient, rec: ScopeRecorder, opts: IamAccountOptions): Promise<void> {
  const { signal, now } = opts;
  await Promise.all([
    rec.dataset('aws-iam.credentialReport', (call) =>
      call('iam:GetCredentialReport', async () => {
        const { csv, generatedTime } = await fetchCredentialReport(iam, { ...opts.poll, signal });
        const hours = (now.getTime() - generatedTime.getTime()) / 3_600_000;
        if (hours > MAX_REPORT_AGE_HOURS)
          throw new Error(
            `the credential report was generated at ${generatedTime.toISOString()}, ${Math.floor(hours)} hours before this run (AWS refreshes it after four hours), so it is not used`,
          );
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
    rec.dataset('aws-iam.rootAccessManagement', (call) =>
      call('iam:ListOrganizationsFeatures', opts.rootAccessManagement),
    ),
  ]);
}

export const awsIamCollector = defineCollector<AwsSourceConfig>({
  id: 'aws-iam',
  source: 'aws',
  title:
    'AWS IAM: credential report, users, groups, roles and policies, MFA devices, password policy, account summary, centralized root access',
  permissions: awsIamPermissions,
  schema: awsIamDatasets,
  async collect(ctx) {
    await forEachAccount(ctx, Object.keys(awsIamDatasets) as DatasetKey[], async (session, rec) => {
      const iam = new IAMClient(session.clientConfig());
      try {
        await collectIamAccount(iam, rec, {
          signal: ctx.signal,
          now: ctx.now,
          rootAccessManagement: () => readRootAccessManagement(ctx, session.homeRegion),
        });
      } finally {
        iam.destroy();
      }
    });
  },
});
