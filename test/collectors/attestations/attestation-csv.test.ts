import { describe, expect, it } from 'vitest';
import { importColumns, parseImportCsv } from '../../../collectors/attestations/attestation-csv.js';
import { ConfigError } from '../../../src/errors.js';
import { AttestationsConfigSchema } from '../../../src/model/config/attestations-config.js';

const training = importColumns('security-training', undefined);

describe('attestation CSV imports', () => {
  it('reads an LMS export with a BOM, quoted fields, dates and date-times with offsets into UTC rows', () => {
    const text =
      '\uFEFFemail,completedAt,course\r\nAna@Example.com,2026-02-01,"Security, basics"\r\nben@example.com,2026-03-01T10:00:00+02:00,x\r\n';
    expect(parseImportCsv(text, 'lms.csv', 'security-training', training)).toEqual([
      { email: 'ana@example.com', at: '2026-02-01T00:00:00.000Z' },
      { email: 'ben@example.com', at: '2026-03-01T08:00:00.000Z' },
    ]);
  });

  it("reads the configured columns of an e-signature export, with each row's policy version", () => {
    const config = AttestationsConfigSchema.parse({
      acknowledgements: {
        currentPolicyVersion: '4.0',
        columns: { email: 'Signer', version: 'Document version', acknowledgedAt: 'Signed at' },
      },
    });
    const text = 'Signer,Document version,Signed at\nana@example.com,4.0,2026-11-02T09:00:00Z\n';
    expect(
      parseImportCsv(text, 'esign.csv', 'policy-acknowledgement', importColumns('policy-acknowledgement', config)),
    ).toEqual([{ email: 'ana@example.com', at: '2026-11-02T09:00:00.000Z', version: '4.0' }]);
  });

  it('names the file, the line and the column of every bad cell', () => {
    const text = 'email,completedAt\nana@example.com,2026-02-30\nnot-an-email,2026-02-01\n';
    expect(() => parseImportCsv(text, 'lms.csv', 'security-training', training)).toThrow(
      new ConfigError(
        "lms.csv: line 2: column 'completedAt': expected a date (2026-11-02) or a date-time with offset, got '2026-02-30'\n" +
          "lms.csv: line 3: column 'email': expected an email address, got 'not-an-email'",
      ),
    );
  });

  it('names the missing header columns and the config key that renames them', () => {
    expect(() =>
      parseImportCsv('Email Address,Date\na@example.com,2026-01-01\n', 'lms.csv', 'security-training', training),
    ).toThrow(
      "lms.csv: header: no column 'email', 'completedAt' (set attestations.training.columns to the export's names); found: Email Address, Date",
    );
  });

  it('refuses an export that is not CSV or has no rows', () => {
    expect(() =>
      parseImportCsv('email,completedAt\n"unterminated,2026-01-01\n', 'lms.csv', 'security-training', training),
    ).toThrow(/^lms\.csv: not valid CSV: /);
    expect(() => parseImportCsv('email,completedAt\n', 'lms.csv', 'security-training', training)).toThrow(
      'lms.csv: expected a header line and at least one row, found none',
    );
  });
});
