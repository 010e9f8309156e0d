/** Base of every error assay raises on purpose; anything else reaching the CLI boundary is a bug. */
export class AssayError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad configuration or usage: the CLI exits with code 2. */
export class ConfigError extends AssayError {}

/** A collector could not reach or read its source. */
export class CollectorError extends AssayError {
  constructor(
    message: string,
    readonly operation: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A list never ended: its continuation (token, cursor or URL) came back, or it ran past the pages it can have. */
export class PaginationError extends CollectorError {
  constructor(
    message: string,
    operation: string,
    readonly reason: 'repeated-continuation' | 'too-many-pages',
    readonly pages: number,
  ) {
    super(message, operation);
  }
}

export type EvidenceErrorCode = 'exists' | 'missing' | 'invalid';

/** The evidence store refused a write or holds something that does not verify. */
export class EvidenceError extends AssayError {
  /** Set where callers branch on the reason: a taken key, an absent key, a malformed key. */
  readonly code?: EvidenceErrorCode;

  constructor(message: string, options?: { cause?: unknown; code?: EvidenceErrorCode }) {
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
    if (options?.code) this.code = options.code;
  }
}

/** Wrong use of the command line. */
export class UsageError extends ConfigError {}

/** The evidence store cannot take a run as configured (not writable, not storage, or its chain is broken): exit 2. */
export class StoreUnusableError extends ConfigError {}
