import { z } from 'zod';
import {
  addPeriod,
  attestationKind,
  describePeriod,
  PeriodSchema,
  type AttestationKindId,
  type Period,
} from '../attestation.js';
import type { CheckResult } from '../check.js';
import type { Resource } from '../finding.js';

/** One stored attestation as checks show it: who, when, what it covers, and the record and file hashes behind it. */
export const AttestationEntrySchema = z.object({
  seq: z.number().int().positive(),
  /** SHA-256 of the stored record, as the next manifest anchors it. */
  recordSha256: z.string(),
  kind: z.string(),
  by: z.string(),
  at: z.iso.datetime(),
  covers: z.string().optional(),
  note: z.string().optional(),
  ref: z.string().optional(),
  ticket: z.string().optional(),
  system: z.string().optional(),
  files: z.array(z.object({ name: z.string(), sha256: z.string() })),
});
export type AttestationEntry = z.infer<typeof AttestationEntrySchema>;

/** The stored CSV export a per-person dataset was built from. */
export const AttestationImportSchema = z.object({
  seq: z.number().int().positive(),
  by: z.string(),
  at: z.iso.datetime(),
  file: z.object({ name: z.string(), sha256: z.string() }),
  rows: z.number().int().nonnegative(),
});
export type AttestationImport = z.infer<typeof AttestationImportSchema>;

/** An active Workspace user and the newest matching row of the import (null: none). */
const PersonSchema = z.object({
  email: z.string(),
  name: z.string().optional(),
  /** Workspace `creationTime`: when the person was hired, as far as assay can tell. */
  createdAt: z.string().optional(),
  lastAt: z.iso.datetime().nullable(),
});
export type AttestedPerson = z.infer<typeof PersonSchema>;

export const BreakGlassUseSchema = z.object({
  eventId: z.string(),
  /** The key of the `aws-cloudtrail-event-break-glass-role-assumed` finding about it. */
  findingKey: z.string(),
  account: z.string(),
  eventTime: z.iso.datetime(),
  roleArn: z.string().optional(),
  actor: z.string(),
  /** The first attestation referencing the event id or the finding key; null: none yet. */
  review: AttestationEntrySchema.nullable(),
});
export type BreakGlassUse = z.infer<typeof BreakGlassUseSchema>;

export const attestationsDatasets = {
  /** Every organization-wide attestation in the store (imports excepted), in sequence order, with each kind's period. */
  'attestations.register': z.object({
    periods: z.record(z.string(), PeriodSchema),
    aiSystems: z.array(z.string()),
    attestations: z.array(AttestationEntrySchema),
  }),
  /**
   * Break-glass uses awaiting or having had a review: this run's uses from every account read, plus those carried
   * from the previous run's dataset until reviewed. `unread`: accounts whose break-glass events this run could not read.
   */
  'attestations.breakGlassReviews': z.object({
    period: PeriodSchema,
    accountsRead: z.array(z.string()),
    unread: z.array(z.object({ account: z.string(), operation: z.string(), message: z.string() })),
    uses: z.array(BreakGlassUseSchema),
  }),
  /** Active Workspace users with their newest completion in the newest security-training import. */
  'attestations.securityTraining': z.object({
    import: AttestationImportSchema,
    period: PeriodSchema,
    newHireDays: z.number().int().nonnegative(),
    people: z.array(PersonSchema),
  }),
  /** Active Workspace users with their newest acknowledgement of the current policy version. */
  'attestations.policyAcknowledgements': z.object({
    import: AttestationImportSchema,
    period: PeriodSchema,
    currentPolicyVersion: z.string(),
    publishedOn: z.iso.date().optional(),
    people: z.array(PersonSchema),
  }),
};

const day = (iso: string | Date): string => (typeof iso === 'string' ? iso : iso.toISOString()).slice(0, 10);

/** "by ciso@example.com on 2026-10-01 (covers 2026Q3; record #3; minutes.pdf sha256 …)" */
export function describeAttestation(e: AttestationEntry): string {
  const details = [
    ...(e.covers ? [`covers ${e.covers}`] : []),
    `record #${e.seq}`,
    ...e.files.map((f) => `${f.name} sha256 ${f.sha256}`),
    ...(e.ticket ? [`ticket ${e.ticket}`] : []),
  ];
  return `by ${e.by} on ${day(e.at)} (${details.join('; ')})`;
}

export const attestationObserved = (e: AttestationEntry): Record<string, unknown> => ({
  seq: e.seq,
  recordSha256: e.recordSha256,
  by: e.by,
  at: e.at,
  covers: e.covers ?? null,
  ref: e.ref ?? null,
  ticket: e.ticket ?? null,
  files: e.files,
});

/** `assay attest <kind> …` as a failing finding tells people to run it. */
export const attestCommand = (kind: AttestationKindId, extra = ''): string =>
  `assay attest ${kind}${extra} --by EMAIL --file EVIDENCE`;

/**
 * Pass when the newest of `entries` is younger than `period`; fail when there is none, or it lapsed ("due since").
 * `subject` names what is attested ("Management review", "AI system impact assessment of chatbot").
 */
export function periodicResult(
  subject: string,
  entries: readonly AttestationEntry[],
  period: Period,
  now: Date,
  resource: Resource,
  command: string,
): CheckResult {
  const latest = entries.at(-1);
  const every = describePeriod(period);
  if (!latest)
    return {
      status: 'fail',
      resource,
      message: `${subject} has never been attested (due every ${every}): record it with ${command}.`,
      observed: { period, latest: null },
    };
  const due = addPeriod(new Date(latest.at), period);
  if (due.getTime() <= now.getTime())
    return {
      status: 'fail',
      resource,
      message: `${subject} due since ${day(due)} (every ${every}): the latest was attested ${describeAttestation(latest)}.`,
      observed: { period, dueSince: due.toISOString(), latest: attestationObserved(latest) },
    };
  return {
    status: 'pass',
    resource,
    message: `${subject} attested ${describeAttestation(latest)}; next due ${day(due)}.`,
    observed: { period, nextDue: due.toISOString(), latest: attestationObserved(latest) },
  };
}

/** A check of an organization-wide kind: its newest attestation in the register against the kind's period. */
export function evaluatePeriodicKind(
  kind: AttestationKindId,
  register: z.infer<(typeof attestationsDatasets)['attestations.register']>,
  now: Date,
): CheckResult[] {
  const { title } = attestationKind(kind);
  const period = register.periods[kind] ?? attestationKind(kind).defaultPeriod;
  const entries = register.attestations.filter((e) => e.kind === kind);
  return [
    periodicResult(title, entries, period, now, { type: 'attestation', id: kind, name: title }, attestCommand(kind)),
  ];
}

export const describeImport = (i: AttestationImport): string =>
  `import #${i.seq} of ${i.file.name} (sha256 ${i.file.sha256}, ${i.rows} rows) by ${i.by} on ${day(i.at)}`;

export const personResource = (p: AttestedPerson): Resource => ({
  type: 'google-user',
  id: p.email,
  ...(p.name ? { name: p.name } : {}),
});

export const personLabel = (p: AttestedPerson): string => (p.name ? `${p.name} <${p.email}>` : p.email);

export { day as isoDay };
