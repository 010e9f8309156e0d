import { z } from 'zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const RecordFileSchema = z.object({
  name: z.string().min(1),
  sha256,
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
  /** Where the bytes are: content-addressed, so one file attested twice is stored once. */
  key: z.string(),
});
export type RecordFile = z.infer<typeof RecordFileSchema>;

/**
 * An append-only item of evidence that is not a run: an attestation, an access-review decision, a ticket link, a
 * triage action. Written once under its sequence number; anchored by the next run's manifest.
 */
export const StoredRecordSchema = z.object({
  seq: z.number().int().positive(),
  type: z.string().regex(/^[a-z][a-z0-9-]*$/),
  at: z.iso.datetime(),
  by: z.string().min(1),
  data: z.unknown(),
  files: z.array(RecordFileSchema),
});

export type StoredRecord<T = unknown> = Omit<z.infer<typeof StoredRecordSchema>, 'data'> & {
  data: T;
  /** Its key in the store. */
  key: string;
  /** SHA-256 of the stored bytes: what a manifest anchors. */
  sha256: string;
};

/** The records a manifest anchors: those numbered after the previous manifest's `through`, up to its own. */
export const RecordAnchorSchema = z.object({
  through: z.number().int().nonnegative(),
  entries: z.array(z.object({ seq: z.number().int().positive(), key: z.string(), sha256 })),
});
export type RecordAnchor = z.infer<typeof RecordAnchorSchema>;
