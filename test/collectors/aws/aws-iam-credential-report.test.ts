import { describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CredentialReportExpiredException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  LimitExceededException,
} from '@aws-sdk/client-iam';
import { fetchCredentialReport, parseCredentialReport } from '../../../collectors/aws/aws-iam-credential-report.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const ROOT =
  '<root_account>,arn:aws:iam::111122223333:root,2019-03-01T10:00:00+00:00,not_supported,2026-01-02T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const ADA =
  'ada,arn:aws:iam::111122223333:user/ada,2024-05-01T09:00:00+00:00,true,no_information,2024-05-01T09:05:00+00:00,N/A,false,true,2026-10-01T00:00:00+00:00,2026-11-22T08:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const GENERATED = new Date('2026-11-23T10:00:00Z');
const content = (csv: string) => ({
  Content: new TextEncoder().encode(csv),
  ReportFormat: 'text/csv' as const,
  GeneratedTime: GENERATED,
});

describe('parseCredentialReport', () => {
  it('reads the 22 columns by name, turning AWS "no value" markers into null', () => {
    const r = parseCredentialReport([HEADER, ROOT, ADA].join('\n'), GENERATED);
    expect(r.generatedTime).toBe('2026-11-23T10:00:00.000Z');
    expect(r.rows[0]).toMatchObject({
      user: '<root_account>',
      password_enabled: null,
      password_last_used: '2026-01-02T10:00:00.000Z',
      mfa_active: true,
      access_key_1_last_rotated: null,
    });
    expect(r.rows[1]).toEqual({
      user: 'ada',
      arn: 'arn:aws:iam::111122223333:user/ada',
      user_creation_time: '2024-05-01T09:00:00.000Z',
      password_enabled: true,
      password_last_used: null,
      password_last_changed: '2024-05-01T09:05:00.000Z',
      mfa_active: false,
      access_key_1_active: true,
      access_key_1_last_rotated: '2026-10-01T00:00:00.000Z',
      access_key_1_last_used_date: '2026-11-22T08:00:00.000Z',
      access_key_2_active: false,
      access_key_2_last_rotated: null,
      access_key_2_last_used_date: null,
    });
  });

  it('copes with new columns, another column order and commas in user names', () => {
    const cols = HEADER.split(',');
    const header = ['extra_column', ...cols.reverse()].join(',');
    const values = ['x', ...ADA.split(',').reverse()].join(',');
    expect(parseCredentialReport(`${header}\n${values}\n`, GENERATED).rows[0]!.user).toBe('ada');
    const comma = ADA.replace('ada,arn:aws:iam::111122223333:user/ada', 'a,b,arn:aws:iam::111122223333:user/a,b');
    expect(parseCredentialReport(`${HEADER}\n${comma}`, GENERATED).rows[0]).toMatchObject({
      user: 'a,b',
      arn: 'arn:aws:iam::111122223333:user/a,b',
      password_enabled: true,
    });
  });

  it("rebuilds user and ARN when commas sit in the name and in the path, and rejects a row whose ARN is not the user's", () => {
    const line = ADA.replace(
      'ada,arn:aws:iam::111122223333:user/ada',
      'a,b,arn:aws:iam::111122223333:user/team,x/sub,y/a,b',
    );
    expect(parseCredentialReport(`${HEADER}\n${line}`, GENERATED).rows[0]).toMatchObject({
      user: 'a,b',
      arn: 'arn:aws:iam::111122223333:user/team,x/sub,y/a,b',
      password_enabled: true,
      mfa_active: false,
    });
    // Only the path has a comma: the old half-and-half split gave user "ada,arn:..." here.
    const pathOnly = ADA.replace(
      'ada,arn:aws:iam::111122223333:user/ada',
      'ada,arn:aws:iam::111122223333:user/x,y/ada',
    );
    expect(parseCredentialReport(`${HEADER}\n${pathOnly}`, GENERATED).rows[0]).toMatchObject({
      user: 'ada',
      arn: 'arn:aws:iam::111122223333:user/x,y/ada',
    });
    const wrong = ADA.replace('ada,arn:aws:iam::111122223333:user/ada', 'ada,arn:aws:iam::111122223333:user/grace');
    expect(() => parseCredentialReport(`${HEADER}\n${wrong}`, GENERATED)).toThrow(
      "the credential report row of user ada has arn arn:aws:iam::111122223333:user/grace, which is not that user's",
    );
  });

  it('fails the report on a flag that is neither true nor false instead of reading it as false', () => {
    const cells = ADA.split(',');
    const withCell = (column: string, value: string) =>
      cells.map((c, i) => (i === HEADER.split(',').indexOf(column) ? value : c)).join(',');
    const parse = (line: string) => () => parseCredentialReport(`${HEADER}\n${ROOT}\n${line}`, GENERATED);
    expect(parse(withCell('access_key_1_active', 'N/A'))).toThrow(
      'the credential report has "N/A" in access_key_1_active of user ada, expected true or false',
    );
    expect(parse(withCell('access_key_2_active', 'TRUE'))).toThrow(
      'the credential report has "TRUE" in access_key_2_active of user ada, expected true or false',
    );
    expect(parse(withCell('mfa_active', 'no_information'))).toThrow('"no_information" in mfa_active of user ada');
    // A user's password_enabled is always true or false; only the root's is not_supported.
    expect(parse(withCell('password_enabled', 'N/A'))).toThrow('"N/A" in password_enabled of user ada');
    expect(parse(ADA)().rows.map((r) => [r.user, r.password_enabled])).toEqual([
      ['<root_account>', null],
      ['ada', true],
    ]);
  });

  it('names a missing column', () => {
    expect(() => parseCredentialReport('user,arn\nada,arn', GENERATED)).toThrow(
      'the credential report has no column user_creation_time, password_enabled',
    );
  });
});

describe('fetchCredentialReport', () => {
  const waits: number[] = [];
  const sleep = async (ms: number) => void waits.push(ms);
  const signal = new AbortController().signal;

  it('takes two calls when AWS has a recent report', async () => {
    const iam = mockClient(IAMClient);
    iam
      .on(GenerateCredentialReportCommand)
      .resolves({ State: 'COMPLETE' })
      .on(GetCredentialReportCommand)
      .resolves(content(HEADER));
    waits.length = 0;
    const out = await fetchCredentialReport(new IAMClient({}), { signal, sleep });
    expect(out.generatedTime).toEqual(GENERATED);
    expect(iam.calls()).toHaveLength(2);
    expect(waits).toEqual([]);
    iam.restore();
  });

  it('polls with backoff while the report is being generated, and waits out LimitExceeded', async () => {
    const iam = mockClient(IAMClient);
    iam
      .on(GenerateCredentialReportCommand)
      .rejectsOnce(new LimitExceededException({ message: 'Rate exceeded', $metadata: {} }))
      .resolves({ State: 'STARTED' });
    iam
      .on(GetCredentialReportCommand)
      .rejectsOnce(new CredentialReportNotReadyException({ message: 'in progress', $metadata: {} }))
      .resolves(content(HEADER));
    waits.length = 0;
    await fetchCredentialReport(new IAMClient({}), { signal, sleep, initialDelayMs: 100 });
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(2);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(2);
    expect(waits).toEqual([100, 200, 400]);
    iam.restore();
  });

  it('generates again when the report expired between the calls, and gives up after the time limit', async () => {
    const iam = mockClient(IAMClient);
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam
      .on(GetCredentialReportCommand)
      .rejectsOnce(new CredentialReportExpiredException({ message: 'expired', $metadata: {} }))
      .resolves(content(HEADER));
    await fetchCredentialReport(new IAMClient({}), { signal, sleep });
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(2);

    iam.reset();
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    iam
      .on(GetCredentialReportCommand)
      .rejects(new CredentialReportNotReadyException({ message: 'in progress', $metadata: {} }));
    await expect(
      fetchCredentialReport(new IAMClient({}), {
        signal,
        sleep,
        initialDelayMs: 1000,
        maxDelayMs: 1000,
        maxWaitMs: 3000,
      }),
    ).rejects.toThrow('the credential report was still not ready after 3 s');
    iam.restore();
  });
});
