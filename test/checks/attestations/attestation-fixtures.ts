import { ATTESTATION_KINDS } from '../../../src/model/attestation.js';
import type { AttestationEntry } from '../../../src/model/datasets/attestations.js';
import { ORGANIZATION_SCOPE } from '../../../src/model/derivation.js';
import type { MissingDataset } from '../../../src/model/snapshot.js';

export const scope = ORGANIZATION_SCOPE;
export const FILE_SHA = 'ab'.repeat(32);
export const RECORD_SHA = 'cd'.repeat(32);

export const entry = (
  seq: number,
  kind: string,
  at: string,
  extra: Partial<AttestationEntry> = {},
): AttestationEntry => ({
  seq,
  recordSha256: RECORD_SHA,
  kind,
  by: 'ciso@example.com',
  at,
  files: [{ name: 'minutes.pdf', sha256: FILE_SHA }],
  ...extra,
});

export const defaultPeriods = (): Record<string, string | number> =>
  Object.fromEntries(ATTESTATION_KINDS.map((k) => [k.id, k.defaultPeriod]));

export const register = (attestations: AttestationEntry[], over: { periods?: object; aiSystems?: string[] } = {}) => ({
  periods: { ...defaultPeriods(), ...over.periods },
  aiSystems: over.aiSystems ?? [],
  attestations,
});

export const recordsFailed: MissingDataset = {
  kind: 'error',
  operation: 'evidence records (attestation)',
  message: 'records/0000000003.json: not JSON',
};

export const IMPORT = {
  seq: 9,
  by: 'hr@example.com',
  at: '2026-11-20T10:00:00.000Z',
  file: { name: 'lms.csv', sha256: FILE_SHA },
  rows: 3,
};
export const IMPORT_TEXT = `import #9 of lms.csv (sha256 ${FILE_SHA}, 3 rows) by hr@example.com on 2026-11-20`;

export const usersFailed: MissingDataset = {
  kind: 'error',
  operation: 'google-workspace.users',
  message: 'google-workspace.users of C01 was not collected: directory.users.list: 403 Not Authorized',
};
