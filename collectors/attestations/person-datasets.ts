import type { ImportedRow } from '../../src/model/attestation.js';
import type { AttestationImport, AttestedPerson } from '../../src/model/datasets/attestations.js';
import { isActiveGoogleUser, type GoogleUser } from '../../src/model/datasets/google.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { Attestation } from './attestation-entries.js';

const USERS = 'google-workspace.users';

/** Why the Workspace users cannot be had in this run, naming the dataset and the call behind it. */
export class UsersUnavailable extends Error {}

/** The active users of every Workspace customer of the run; throws {@link UsersUnavailable} if any list is missing. */
export function activeWorkspaceUsers(snapshots: readonly Snapshot[]): GoogleUser[] {
  const users: GoogleUser[] = [];
  let customers = 0;
  for (const s of snapshots) {
    const missing = s.missing[USERS];
    if (missing)
      throw new UsersUnavailable(
        `${USERS} of ${s.scope.id} was not collected: ${missing.operation}: ${missing.message.replace(/\.$/, '')}`,
      );
    if (!(USERS in s.data)) continue;
    customers++;
    users.push(...(s.data[USERS] as GoogleUser[]).filter(isActiveGoogleUser));
  }
  if (customers === 0)
    throw new UsersUnavailable(`no ${USERS} in this run (sources.google is needed to know who must attest)`);
  return users;
}

/** The newest import of `kind` in the store, if any. */
export const newestImport = (attestations: readonly Attestation[], kind: string): Attestation | undefined =>
  attestations.filter((a) => a.data.kind === kind && a.data.import).at(-1);

export function importSummary(a: Attestation): AttestationImport {
  const file = a.files[0];
  return {
    seq: a.seq,
    by: a.by,
    at: a.at,
    file: file ? { name: file.name, sha256: file.sha256 } : { name: '(no file)', sha256: '' },
    rows: a.data.import?.rows ?? 0,
  };
}

/** Each active user with their newest row among `rows` (emails compared without case). */
export function peopleWithRows(users: readonly GoogleUser[], rows: readonly ImportedRow[]): AttestedPerson[] {
  const newest = new Map<string, string>();
  for (const r of rows) {
    const k = r.email.toLowerCase();
    const seen = newest.get(k);
    if (seen === undefined || r.at > seen) newest.set(k, r.at);
  }
  return [...users]
    .sort((a, b) => a.primaryEmail.localeCompare(b.primaryEmail))
    .map((u) => ({
      email: u.primaryEmail,
      ...(u.fullName ? { name: u.fullName } : {}),
      ...(u.creationTime ? { createdAt: u.creationTime } : {}),
      lastAt: newest.get(u.primaryEmail.toLowerCase()) ?? null,
    }));
}
