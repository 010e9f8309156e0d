/**
 * The storage primitive under the evidence store: write-once keys. The local filesystem implements it
 * with temporary file + link; an S3 backend implements it with `PutObject` + `IfNoneMatch: '*'`
 * and Object Lock retention.
 */
export interface BlobStore {
  /** Where it is, for people: a directory path or `s3://bucket/prefix`. */
  readonly location: string;
  /**
   * Writes `body` at `key` only if nothing is there; throws `EvidenceError` (with `code: 'exists'`) if the
   * key exists. Atomic: a reader sees the whole body or no key.
   */
  putIfAbsent(key: string, body: Uint8Array): Promise<void>;
  /** Throws `EvidenceError` (with `code: 'missing'`) when absent. */
  get(key: string): Promise<Uint8Array>;
  /** Every key under `prefix` (which ends with `/`), sorted. */
  list(prefix: string): Promise<string[]>;
  /**
   * Before a run collects anything: throws `StoreUnusableError` naming the location and the problem unless a write
   * can succeed here (creating the location if needed).
   */
  checkWritable(): Promise<void>;
  /** What interrupted writes left behind (temporary files), sorted; never listed as keys, never evidence. */
  leftovers(): Promise<string[]>;
}
