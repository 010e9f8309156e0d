import { GenerateCredentialReportCommand, GetCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import { ROOT_USER, type CredentialReport, type CredentialReportRow } from '../../src/model/datasets/aws-iam.js';
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
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * GenerateCredentialReport, then GetCredentialReport: two calls when AWS has a report younger than four hours or
 * makes one before the first wait ends; each further wait costs one more GetCredentialReport. LimitExceeded on
 * Generate (too many generation requests) is waited out like an unfinished report.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html
 */
export async function fetchCredentialReport(
  iam: IAMClient,
  opts: PollOptions,
): Promise<{ csv: string; generatedTime: Date }> {
  const { signal, initialDelayMs = 500, maxDelayMs = 8000, maxWaitMs = 300_000, sleep = abortableSleep } = opts;
  let delay = initialDelayMs;
  let waited = 0;
  const wait = async () => {
    if (waited >= maxWaitMs)
      throw new Error(`the credential report was still not ready after ${Math.round(waited / 1000)} s`);
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
      const gone = isAwsError(
        err,
        'CredentialReportNotPresentException',
        'CredentialReportExpiredException',
        'ReportNotPresent',
        'ReportExpired',
      );
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
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
] as const;

/** The ARN column: a user's (the path may hold commas) or the root's. */
const ARN_START = /^arn:[^:]+:iam::\d{12}:(?:user\/|root$)/;

/**
 * AWS does not quote the CSV, and user names (`[\w+=,.@-]`) and paths may contain commas. A name has no colon, so
 * the ARN starts at the first later field that looks like an IAM ARN; the other columns have no commas, so the ARN
 * runs up to the last width - 2 fields. The caller checks that the ARN ends with `/` + the user name.
 */
function splitRow(line: string, width: number, userFirst: boolean): string[] {
  const fields = line.split(',');
  const extra = fields.length - width;
  if (extra === 0) return fields;
  if (extra < 0) throw new Error(`a credential report row has ${fields.length} fields, expected ${width}`);
  if (!userFirst)
    throw new Error('the credential report has commas in a row but does not start with the user and arn columns');
  const start = fields.findIndex((f, i) => i > 0 && ARN_START.test(f));
  // The other columns hold no commas: the last width - 2 fields are theirs, the ARN ends just before them.
  const end = extra + 2;
  if (start < 1 || start >= end)
    throw new Error(
      `a credential report row has ${fields.length} fields, expected ${width}, and no IAM ARN after the user name`,
    );
  return [fields.slice(0, start).join(','), fields.slice(start, end).join(','), ...fields.slice(end)];
}

/** `true`/`false`; AWS's no-value markers only where `optional` (the root's password_enabled is `not_supported`). */
function parseBool(v: string, column: string, user: string, optional: boolean): boolean | null {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (optional && NO_VALUE.has(v)) return null;
  throw new Error(
    `the credential report has ${JSON.stringify(v)} in ${column} of user ${user}, expected true or false`,
  );
}

/**
 * Parses the CSV by header name (AWS may add columns), turning AWS's "no value" markers into null. A value the
 * checks cannot read (a flag that is neither true nor false, an ARN that is not the user's) fails the whole report:
 * guessing would let a check pass on data it never saw.
 */
export function parseCredentialReport(csv: string, generatedTime: Date): CredentialReport {
  const lines = csv.split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const index = new Map(header.map((h, i) => [h, i]));
  const missing = USED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) throw new Error(`the credential report has no column ${missing.join(', ')}`);
  const userFirst = header[0] === 'user' && header[1] === 'arn';
  const rows = lines.slice(1).map((line): CredentialReportRow => {
    const f = splitRow(line, header.length, userFirst);
    const cell = (c: (typeof USED_COLUMNS)[number]) => f[index.get(c)!]!.trim();
    const user = cell('user');
    const arn = cell('arn');
    const root = user === ROOT_USER;
    if (root ? !/^arn:[^:]+:iam::\d{12}:root$/.test(arn) : !arn.endsWith(`/${user}`)) {
      throw new Error(`the credential report row of user ${user} has arn ${arn}, which is not that user's`);
    }
    const bool = (c: (typeof USED_COLUMNS)[number], optional = false) => parseBool(cell(c), c, user, optional);
    const flag = (c: (typeof USED_COLUMNS)[number]) => bool(c) as boolean;
    const date = (c: (typeof USED_COLUMNS)[number]) => {
      const v = cell(c);
      if (NO_VALUE.has(v)) return null;
      const t = Date.parse(v);
      if (Number.isNaN(t)) throw new Error(`the credential report has an unreadable date in ${c}: ${v}`);
      return new Date(t).toISOString();
    };
    return {
      user,
      arn,
      user_creation_time: date('user_creation_time'),
      password_enabled: bool('password_enabled', root),
      password_last_used: date('password_last_used'),
      password_last_changed: date('password_last_changed'),
      mfa_active: flag('mfa_active'),
      access_key_1_active: flag('access_key_1_active'),
      access_key_1_last_rotated: date('access_key_1_last_rotated'),
      access_key_1_last_used_date: date('access_key_1_last_used_date'),
      access_key_2_active: flag('access_key_2_active'),
      access_key_2_last_rotated: date('access_key_2_last_rotated'),
      access_key_2_last_used_date: date('access_key_2_last_used_date'),
    };
  });
  return { generatedTime: generatedTime.toISOString(), rows };
}
