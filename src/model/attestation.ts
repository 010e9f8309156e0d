import { z } from 'zod';
import type { ControlRef } from './control.js';

/** The record type attestations and attestation imports are stored under (`store.records`). */
export const ATTESTATION_RECORD_TYPE = 'attestation';

/**
 * How often evidence is due: an ISO 8601 duration of whole years, months, weeks or days (`P1Y`, `P3M`, `P2W`,
 * `P90D`, combinations like `P1Y6M`), or a number of days.
 */
export const PeriodSchema = z.union([
  z
    .string()
    .regex(/^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/, 'expected an ISO 8601 duration such as P1Y, P3M, P2W or P90D'),
  z.number().int().positive(),
]);
export type Period = z.infer<typeof PeriodSchema>;

const PERIOD_PART = /(\d+)([YMWD])/g;

/** `at` plus `period`, on the calendar (UTC): 31 January plus P1M is 28 or 29 February, never 3 March. */
export function addPeriod(at: Date, period: Period): Date {
  const parts = { Y: 0, M: 0, W: 0, D: 0 };
  if (typeof period === 'number') parts.D = period;
  else for (const [, n, unit] of period.matchAll(PERIOD_PART)) parts[unit as keyof typeof parts] += Number(n);
  const months = parts.Y * 12 + parts.M;
  const d = new Date(at.getTime());
  if (months > 0) {
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + months);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
  }
  d.setUTCDate(d.getUTCDate() + parts.W * 7 + parts.D);
  return d;
}

export const describePeriod = (period: Period): string =>
  typeof period === 'number' ? `${period} day${period === 1 ? '' : 's'}` : period;

/**
 * How a kind's evidence is due. `periodic`: one attestation per period for the organization; `per-system`: one per AI
 * system named in `attestations.aiSystems`; `per-use`: one review per break-glass use, within the period of the use;
 * `per-person`: a row per person in an imported CSV export, checked against the active Workspace users.
 */
export type AttestationBasis = 'periodic' | 'per-system' | 'per-use' | 'per-person';

export interface AttestationKind {
  /** The `assay attest <kind>` name; the check is `attestation-<kind>`. */
  id: string;
  title: string;
  basis: AttestationBasis;
  defaultPeriod: Period;
  /** Only controls present in checks/controls/ (test/checks/attestations checks this). */
  controls: readonly ControlRef[];
}

export const ATTESTATION_KINDS = [
  {
    id: 'management-review',
    title: 'Management review',
    basis: 'periodic',
    defaultPeriod: 'P3M',
    controls: ['iso27001:5.4', 'iso42001:A.3.2'],
  },
  {
    id: 'isms-policy-review',
    title: 'Information security policy review',
    basis: 'periodic',
    defaultPeriod: 'P1Y',
    controls: ['iso27001:5.1'],
  },
  {
    id: 'ai-policy-review',
    title: 'AI policy review',
    basis: 'periodic',
    defaultPeriod: 'P1Y',
    controls: ['iso42001:A.2.2', 'iso42001:A.2.4'],
  },
  {
    id: 'ai-impact-assessment',
    title: 'AI system impact assessment',
    basis: 'per-system',
    defaultPeriod: 'P1Y',
    controls: ['iso42001:A.5.2', 'iso42001:A.5.3', 'iso42001:A.5.4', 'iso42001:A.5.5'],
  },
  {
    id: 'internal-audit',
    title: 'Internal audit',
    basis: 'periodic',
    defaultPeriod: 'P1Y',
    controls: ['iso27001:5.35'],
  },
  {
    id: 'supplier-review',
    title: 'Supplier review',
    basis: 'periodic',
    defaultPeriod: 'P1Y',
    controls: ['iso27001:5.19', 'iso27001:5.20', 'iso27001:5.21', 'iso27001:5.22', 'iso42001:A.10.3'],
  },
  {
    id: 'incident-response-exercise',
    title: 'Incident response exercise',
    basis: 'periodic',
    defaultPeriod: 'P1Y',
    controls: ['iso27001:5.24', 'iso27001:5.26'],
  },
  {
    id: 'break-glass-review',
    title: 'Break-glass use review',
    basis: 'per-use',
    defaultPeriod: 'P5D',
    controls: ['iso27001:8.2', 'iso27001:5.26'],
  },
  {
    id: 'security-training',
    title: 'Security awareness training',
    basis: 'per-person',
    defaultPeriod: 'P1Y',
    controls: ['iso27001:6.3'],
  },
  {
    id: 'policy-acknowledgement',
    title: 'Policy acknowledgement',
    basis: 'per-person',
    defaultPeriod: 'P7D',
    controls: ['iso27001:5.10', 'iso27001:6.2'],
  },
] as const satisfies readonly AttestationKind[];

export type AttestationKindId = (typeof ATTESTATION_KINDS)[number]['id'];
export const ATTESTATION_KIND_IDS = ATTESTATION_KINDS.map((k) => k.id) as [AttestationKindId, ...AttestationKindId[]];
export type ImportKindId = Extract<(typeof ATTESTATION_KINDS)[number], { basis: 'per-person' }>['id'];
export const IMPORT_KIND_IDS: readonly ImportKindId[] = ['security-training', 'policy-acknowledgement'];

export const attestationKind = (id: AttestationKindId): AttestationKind => ATTESTATION_KINDS.find((k) => k.id === id)!;
export const isAttestationKind = (id: string): id is AttestationKindId =>
  (ATTESTATION_KIND_IDS as readonly string[]).includes(id);

/** One person's row of an imported export: when they completed the training or acknowledged `version`. */
export const ImportedRowSchema = z.object({
  email: z.string(),
  at: z.iso.datetime(),
  version: z.string().optional(),
});
export type ImportedRow = z.infer<typeof ImportedRowSchema>;

/** What `assay attest <kind>` stores as the record's data. */
export const AttestationDataSchema = z
  .object({
    kind: z.enum(ATTESTATION_KIND_IDS),
    note: z.string().optional(),
    /** The period or scope the evidence covers, as people name it (`2026Q4`, `FY2026`). */
    covers: z.string().optional(),
    /** What it answers: a break-glass CloudTrail event id or finding key, a finding, a ticket. */
    ref: z.string().optional(),
    ticket: z.url().optional(),
    /** The AI system an impact assessment is about (one of `attestations.aiSystems`). */
    system: z.string().optional(),
    /**
     * Set on an import: the CSV export is the record's file; its rows, read through the configured columns at import,
     * are kept here so a run needs no file outside the record.
     */
    import: z
      .object({
        rows: z.number().int().nonnegative(),
        entries: z.array(ImportedRowSchema),
      })
      .optional(),
  })
  .strict();
export type AttestationData = z.infer<typeof AttestationDataSchema>;
