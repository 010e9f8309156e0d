import { z } from 'zod';
import { ATTESTATION_KIND_IDS, PeriodSchema } from '../attestation.js';

const column = (fallback: string) => z.string().min(1).default(fallback);

/** A CSV export of an LMS: one row per completed course. Header names are the export's own. */
export const TrainingImportConfigSchema = z
  .object({
    /** The export `assay attest import --kind security-training` reads when --file is not given (relative to the config). */
    file: z.string().min(1).optional(),
    columns: z
      .object({ email: column('email'), completedAt: column('completedAt') })
      .strict()
      .default({ email: 'email', completedAt: 'completedAt' }),
    /** A person hired less than this many days ago is not yet due. */
    newHireDays: z.number().int().nonnegative().default(30),
  })
  .strict();

/** A CSV export of an e-signature tool: one row per signed acknowledgement of a policy version. */
export const AcknowledgementsImportConfigSchema = z
  .object({
    file: z.string().min(1).optional(),
    /** The version everyone must have acknowledged; rows of other versions do not count. */
    currentPolicyVersion: z.string().min(1),
    /** When the current version was published: people hired before have the kind's period from then. */
    publishedOn: z.iso.date().optional(),
    columns: z
      .object({ email: column('email'), version: column('version'), acknowledgedAt: column('acknowledgedAt') })
      .strict()
      .default({ email: 'email', version: 'version', acknowledgedAt: 'acknowledgedAt' }),
  })
  .strict();

export const AttestationsConfigSchema = z
  .object({
    /** Who may attest; when set, `assay attest --by` must be one of them. */
    attesters: z.array(z.email()).default([]),
    /** Per kind: how often evidence is due (P3M, P1Y, P90D, or days); break-glass-review: days after each use. */
    kinds: z.partialRecord(z.enum(ATTESTATION_KIND_IDS), z.object({ period: PeriodSchema }).strict()).default({}),
    /** AI systems that each need an impact assessment (`assay attest ai-impact-assessment --system NAME`). */
    aiSystems: z.array(z.string().min(1)).default([]),
    training: TrainingImportConfigSchema.optional(),
    acknowledgements: AcknowledgementsImportConfigSchema.optional(),
  })
  .strict();
export type AttestationsConfig = z.output<typeof AttestationsConfigSchema>;
export type TrainingImportConfig = z.output<typeof TrainingImportConfigSchema>;
export type AcknowledgementsImportConfig = z.output<typeof AcknowledgementsImportConfigSchema>;
