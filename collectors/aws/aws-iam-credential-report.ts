import { GenerateCredentialReportCommand, GetCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { CredentialReport, CredentialReportRow } from '../../src/model/datasets/aws-iam.js';
import { isAwsError } from './aws-errors.js';

export interface PollOptions {
  signal: AbortSignal;
  /** First wait after the report is STARTED; doubles up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Give up when the report is still not ready after this long. */
  maxWaitMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve()), ms);
    const onAbort = () => (clearTimeout(t), reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * GenerateCredentialReport, then GetCredentialReport: two calls when AWS has a report younger than four hours or
 * makes one before the first wait ends; each further wait costs one more GetCredentialReport. LimitExceeded on
 * Generate (too many generation requests) is waited out like an unfinished report.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html
 */
export async function fetchCredentialReport(iam: IAMClient, opts: PollOptions): Promise<{ csv: string; generatedTime: Date }> {
  const { signal, initialDelayMs = 500, maxDelayMs = 8000, maxWaitMs = 300_000, sleep = abortableSleep } = opts;
  let delay = initialDelayMs;
  let waited = 0;
  const wait = async () => {
    if (waited >= maxWaitMs) throw new Error(`the credential report was still not ready after ${Math.round(waited / 1000)} s`);
    await sleep(delay, signal);
    waited += delay;
    delay = Math.min(delay * 2, maxDelayMs);
  };
  let generate = true;
  let generations = 0;
  for (;;) {
    if (generate) {
      try {
        const g = await iam.send(new GenerateCredentialReportCommand({}), { abortSignal: signal });
        generate = false;
        generations++;
        if (g.State !== 'COMPLETE') await wait();
      } catch (err) {
        if (!isAwsError(err, 'LimitExceededException', 'LimitExceeded')) throw err;
        await wait();
        continue;
      }
    }
    try {
      const r = await iam.send(new GetCredentialReportCommand({}), { abortSignal: signal });
      if (!r.Content || !r.GeneratedTime) throw new Error('GetCredentialReport returned no content');
      return { csv: Buffer.from(r.Content).toString('utf8'), generatedTime: r.GeneratedTime };
    } catch (err) {
      if (isAwsError(err, 'CredentialReportNotReadyException', 'ReportInProgress')) {
        await wait();
        continue;
      }
      const gone = isAwsError(err, 'CredentialReportNotPresentException', 'CredentialReportExpiredException', 'ReportNotPresent', 'ReportExpired');
      if (gone && generations < 3) {
        generate = true;
        continue;
      }
      throw err;
    }
  }
}

const NO_VALUE = new Set(['', 'N/A', 'no_information', 'not_supported']);
const USED_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date',
] as const;

/**
 * IAM names may contain commas and AWS does not quote them: a row with 2k extra fields has k commas in the user
 * name and the same k in the ARN (which ends with the name), so the first 2(k+1) fields rebuild both.
 */
function splitRow(line: string, width: number): string[] {
  const fields = line.split(',');
  const extra = fields.length - width;
  if (extra === 0) return fields;
  if (extra < 0 || extra % 2 !== 0) throw new Error(`a credential report row has ${fields.length} fields, expected ${width}`);
  const k = extra / 2;
  return [fields.slice(0, k + 1).join(','), fields.slice(k + 1, 2 * k + 2).join(','), ...fields.slice(2 * k + 2)];
}

/** Parses the CSV by header name (AWS may add columns), turning AWS's "no value" markers into null. */
export function parseCredentialReport(csv: string, generatedTime: Date): CredentialReport {
  const lines = csv.split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines[0] ?? '').split(',');
  const index = new Map(header.map((h, i) => [h.trim(), i]));
  const missing = USED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) throw new Error(`the credential report has no column ${missing.join(', ')}`);
  const rows = lines.slice(1).map((line): CredentialReportRow => {
    const f = splitRow(line, header.length);
    const cell = (c: (typeof USED_COLUMNS)[number]) => f[index.get(c)!]!.trim();
    const bool = (c: (typeof USED_COLUMNS)[number]) => {
      const v = cell(c);
      return NO_VALUE.has(v) ? null : v === 'true';
    };
    const date = (c: (typeof USED_COLUMNS)[number]) => {
      const v = cell(c);
      if (NO_VALUE.has(v)) return null;
      const t = Date.parse(v);
      if (Number.isNaN(t)) throw new Error(`the credential report has an unreadable date in ${c}: ${v}`);
      return new Date(t).toISOString();
    };
    return {
      user: cell('user'),
      arn: cell('arn'),
      user_creation_time: date('user_creation_time'),
      password_enabled: bool('password_enabled'),
      password_last_used: date('password_last_used'),
      password_last_changed: date('password_last_changed'),
      mfa_active: bool('mfa_active') === true,
      access_key_1_active: bool('access_key_1_active') === true,
      access_key_1_last_rotated: date('access_key_1_last_rotated'),
      access_key_1_last_used_date: date('access_key_1_last_used_date'),
      access_key_2_active: bool('access_key_2_active') === true,
      access_key_2_last_rotated: date('access_key_2_last_rotated'),
      access_key_2_last_used_date: date('access_key_2_last_used_date'),
    };
  });
  return { generatedTime: generatedTime.toISOString(), rows };
}
