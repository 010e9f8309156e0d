import type { Logger } from 'pino';
import { AttestationDataSchema, type AttestationData } from '../../src/model/attestation.js';
import type { AttestationEntry } from '../../src/model/datasets/attestations.js';
import type { StoredRecord } from '../../src/model/record.js';

/** A stored attestation with its data validated. */
export type Attestation = StoredRecord<AttestationData>;

/** The records whose data is an attestation; any other (written by a newer version, say) is logged and left out. */
export function validAttestations(records: readonly StoredRecord[], log: Logger): Attestation[] {
  const out: Attestation[] = [];
  for (const r of records) {
    const parsed = AttestationDataSchema.safeParse(r.data);
    if (parsed.success) out.push({ ...r, data: parsed.data });
    else log.warn({ record: r.key, issue: parsed.error.issues[0]?.message }, 'record is not an attestation; left out');
  }
  return out;
}

export const toEntry = (r: Attestation): AttestationEntry => ({
  seq: r.seq,
  recordSha256: r.sha256,
  kind: r.data.kind,
  by: r.by,
  at: r.at,
  ...(r.data.covers !== undefined ? { covers: r.data.covers } : {}),
  ...(r.data.note !== undefined ? { note: r.data.note } : {}),
  ...(r.data.ref !== undefined ? { ref: r.data.ref } : {}),
  ...(r.data.ticket !== undefined ? { ticket: r.data.ticket } : {}),
  ...(r.data.system !== undefined ? { system: r.data.system } : {}),
  files: r.files.map((f) => ({ name: f.name, sha256: f.sha256 })),
});
