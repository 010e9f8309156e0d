import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { CSV_COLUMNS, csvCell, findingsCsv, type CsvRunContext } from '../../src/reports/findings-csv.js';

const finding = (over: Partial<Finding> = {}): Finding => ({
  key: 'github-members-2fa-enabled|github-org:acme|mallory',
  checkId: 'github-members-2fa-enabled',
  checkVersion: 2,
  title: 'Every GitHub organization member has two-factor authentication enabled',
  status: 'fail',
  severity: 'critical',
  scope: { kind: 'github-org', id: 'acme', name: 'Acme' },
  resource: { type: 'github-user', id: 'mallory', name: 'Mallory' },
  message: 'Owner mallory of acme has two-factor authentication disabled.',
  observed: { marker: 'OBSERVED-VALUE-NOT-EXPORTED' },
  controls: ['iso27001:5.17', 'iso42001:A.6.2.6'],
  lifecycle: 'new',
  firstSeen: '2026-12-01T10:00:00.000Z',
  ...over,
});

const ctx: CsvRunContext = {
  runId: '20261207T100000Z-abc123',
  startedAt: new Date('2026-12-07T10:00:00.000Z'),
  remediations: new Map([['github-members-2fa-enabled', 'Turn on 2FA (Settings → Password and authentication).']]),
};

/** A small RFC 4180 reader, so the tests read the CSV back the way a spreadsheet does. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (quoted) {
      if (c === '"' && next === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\r' && next === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else if (c === '\r' || c === '\n' || c === '"')
      throw new Error(`bare ${JSON.stringify(c)} at ${i}: not RFC 4180`);
    else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error('last record is not CRLF-terminated');
  return rows;
}

describe('findings as CSV', () => {
  it('writes a BOM, the header in a stable order, then one CRLF-terminated row per finding', () => {
    const text = findingsCsv([finding(), finding({ key: 'k2', status: 'pass', lifecycle: undefined })], ctx);
    expect(text.startsWith('\uFEFFrun_id,run_started_at,check_id,check_version,title,status,severity,')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    expect(Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]![i]]))).toEqual({
      run_id: '20261207T100000Z-abc123',
      run_started_at: '2026-12-07T10:00:00.000Z',
      check_id: 'github-members-2fa-enabled',
      check_version: '2',
      title: 'Every GitHub organization member has two-factor authentication enabled',
      status: 'fail',
      severity: 'critical',
      lifecycle: 'new',
      first_seen: '2026-12-01T10:00:00.000Z',
      scope_kind: 'github-org',
      scope_id: 'acme',
      scope_name: 'Acme',
      resource_type: 'github-user',
      resource_id: 'mallory',
      resource_name: 'Mallory',
      controls: 'ISO/IEC 27001:2022 A.5.17; ISO/IEC 42001:2023 A.6.2.6',
      message: 'Owner mallory of acme has two-factor authentication disabled.',
      remediation: 'Turn on 2FA (Settings → Password and authentication).',
      exception_id: '',
      exception_state: '',
      exception_expires: '',
      exception_approved_by: '',
      exception_ticket: '',
      finding_key: 'github-members-2fa-enabled|github-org:acme|mallory',
    });
    expect(rows[2]![CSV_COLUMNS.indexOf('lifecycle')]).toBe('');
    expect(text).not.toContain('OBSERVED-VALUE-NOT-EXPORTED');
  });

  it('names the exception an excepted finding is under', () => {
    const exception = { id: 'EX-7', state: 'in_force', approvedBy: 'ciso', expires: '2027-03-31', ticket: 'GRC-12' };
    const row = parseCsv(
      findingsCsv([finding({ status: 'excepted', exception } as Partial<Finding>)], ctx).slice(1),
    )[1]!;
    const cell = (c: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(c)];
    expect([cell('status'), cell('exception_id'), cell('exception_state'), cell('exception_expires')]).toEqual([
      'excepted',
      'EX-7',
      'in_force',
      '2027-03-31',
    ]);
    expect([cell('exception_approved_by'), cell('exception_ticket')]).toEqual(['ciso', 'GRC-12']);
  });

  it('quotes commas, quotes and line breaks, and reads back to the same text', () => {
    const message = 'Repository "core, api"\nhas\r\nno rule.';
    const text = findingsCsv([finding({ message })], ctx);
    expect(text).toContain('"Repository ""core, api""\nhas\r\nno rule."');
    expect(parseCsv(text.slice(1))[1]![CSV_COLUMNS.indexOf('message')]).toBe(message);
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+cmd|/C calc!A0', "'+1+cmd|/C calc!A0"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['plain = text', 'plain = text'],
    ['', ''],
  ])('makes %j safe from formula injection', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('neutralises a formula in any vendor-chosen cell of a row', () => {
    const text = findingsCsv(
      [
        finding({
          resource: { type: 'github-user', id: '=cmd', name: '@evil' },
          scope: { kind: 'github-org', id: '-x' },
        }),
      ],
      ctx,
    );
    const row = parseCsv(text.slice(1))[1]!;
    expect(row[CSV_COLUMNS.indexOf('resource_id')]).toBe("'=cmd");
    expect(row[CSV_COLUMNS.indexOf('resource_name')]).toBe("'@evil");
    expect(row[CSV_COLUMNS.indexOf('scope_id')]).toBe("'-x");
    for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes only the header for a run without findings, and an empty remediation for an unknown check', () => {
    expect(findingsCsv([], ctx)).toBe(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
    const row = parseCsv(findingsCsv([finding({ checkId: 'retired-check' })], ctx).slice(1))[1]!;
    expect(row[CSV_COLUMNS.indexOf('remediation')]).toBe('');
  });

  it('refuses a finding whose control is not an ISO reference', () => {
    expect(() => findingsCsv([finding({ controls: ['nist:AC-2'] })], ctx)).toThrow(
      "not a control reference: 'nist:AC-2' (expected iso27001:ID or iso42001:ID)",
    );
  });
});
