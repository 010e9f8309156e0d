import type { AwsSimAccount } from './aws-state.js';
import type { SimAccessKey, SimMfa } from './iam-state.js';

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html#id_credentials_understanding_the_report_format */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** AWS writes times as 2026-11-20T10:00:00+00:00. */
const awsTime = (iso: string): string => new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+00:00');

function keyColumns(k: SimAccessKey | undefined): string[] {
  if (!k) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const used = k.lastUsed !== null;
  return [
    String(k.active),
    awsTime(k.lastRotated),
    used ? awsTime(k.lastUsed!) : 'N/A',
    used ? (k.lastUsedRegion ?? 'us-east-1') : 'N/A',
    used ? (k.lastUsedService ?? 'sts') : 'N/A',
  ];
}

const mfaAsOf = (mfa: SimMfa | null, at: string): boolean =>
  mfa !== null && Date.parse(mfa.enabledAt) <= Date.parse(at);

/** The CSV as AWS would have produced it at `generatedAt` (MFA enabled later is not in it yet). */
export function renderCredentialReport(account: AwsSimAccount, generatedAt: string): string {
  const { root, users } = account.iam;
  const rows: string[][] = [];
  if (!account.iam.credentialReport.omitRootRow)
    rows.push([
      '<root_account>',
      `arn:aws:iam::${account.id}:root`,
      awsTime(root.createDate),
      'not_supported',
      root.passwordLastUsed ? awsTime(root.passwordLastUsed) : 'no_information',
      'not_supported',
      'not_supported',
      String(mfaAsOf(root.mfa, generatedAt)),
      ...keyColumns(root.accessKeys[0]),
      ...keyColumns(root.accessKeys[1]),
      'false',
      'N/A',
      'false',
      'N/A',
    ]);
  // Users created after the report are not in it (AWS reuses a report for up to four hours).
  for (const u of users.filter((x) => Date.parse(x.createDate) <= Date.parse(generatedAt))) {
    const pw = u.password;
    rows.push([
      u.name,
      `arn:aws:iam::${account.id}:user${u.path}${u.name}`,
      awsTime(u.createDate),
      String(pw.enabled),
      !pw.enabled ? 'N/A' : pw.lastUsed ? awsTime(pw.lastUsed) : 'no_information',
      pw.enabled && pw.lastChanged ? awsTime(pw.lastChanged) : 'N/A',
      'N/A',
      String(mfaAsOf(u.mfa, generatedAt)),
      ...keyColumns(u.accessKeys[0]),
      ...keyColumns(u.accessKeys[1]),
      'false',
      'N/A',
      'false',
      'N/A',
    ]);
  }
  return [CREDENTIAL_REPORT_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\n');
}
