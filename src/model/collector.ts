import type { z } from 'zod';
import type { Logger } from 'pino';
import type { DatasetKey, DatasetTypes } from './datasets/index.js';
import type { Scope } from './scope.js';
import type { SecretRef } from './config/secret-ref.js';

/** Performs one logical API operation; records it (name, outcome, HTTP requests made) in the snapshot. */
export type CallFn = <T>(operation: string, fn: () => Promise<T>) => Promise<T>;

export interface ScopeRecorder {
  /**
   * Collects one dataset. If `fn` throws, the dataset is recorded as missing, naming the operation that
   * failed, and `undefined` is returned so the collector can go on with the rest.
   */
  dataset<K extends DatasetKey>(
    key: K,
    fn: (call: CallFn) => Promise<DatasetTypes[K]>,
  ): Promise<DatasetTypes[K] | undefined>;
  /** The source lacks the feature a dataset needs (e.g. the plan has no secret scanning). */
  notApplicable(key: DatasetKey, operation: string, reason: string): void;
  /** Where this scope's incremental read `name` stood after the last run that completed it, if any. */
  previousCursor(name: string): string | undefined;
  /** Records how far `name` was read in this run; call it only once the read succeeded. */
  setCursor(name: string, value: string): void;
  /**
   * This scope's `key` as the previous run stored it (checked against that run's manifest and the dataset's schema),
   * or undefined when that run did not collect it: state a collector carries from run to run, such as an inventory it
   * keeps current from events since its cursor.
   */
  previousData<K extends DatasetKey>(key: K): Promise<DatasetTypes[K] | undefined>;
}

export interface CollectorContext<C> {
  /** This collector's configuration section, validated; secrets are still references. */
  config: C;
  /** Reads a secret named by the config, at the moment a client needs it. */
  secret(ref: SecretRef, keyPath: string): string;
  log: Logger;
  now: Date;
  /** Aborted when the collector's time limit passes. */
  signal: AbortSignal;
  /** Counts one HTTP request against the operation in progress; SDK hooks call it. */
  countRequest(): void;
  /**
   * A counter bound to the operation in progress now, for SDKs whose request queues run requests outside the
   * caller's async context (Octokit's throttling): take it where the call starts, call it per HTTP attempt.
   */
  bindRequestCounter(): () => void;
  /**
   * One value per `key` for the whole run, shared by every collector of it: the first caller's `make` runs, the
   * others get the same promise (a rejection included). Lets collectors of one source share discovery and sessions
   * (AWS accounts, assumed roles) without module-level state. `make` must not depend on the caller's context.
   */
  shared<T>(key: string, make: () => Promise<T>): Promise<T>;
  /** Produces one snapshot for `scope`. */
  scope(scope: Scope, fn: (rec: ScopeRecorder) => Promise<void>): Promise<void>;
}

export interface Permission {
  /** `iam:GetCredentialReport`, `read:org`, `https://www.googleapis.com/auth/admin.directory.user.readonly`. */
  name: string;
  why: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- erased on purpose: each collector's config type is its own.
export interface Collector<C = any> {
  id: string;
  /** `github`, `aws`, `google`: the config section it reads. */
  source: string;
  title: string;
  permissions: readonly Permission[];
  /** The datasets it produces; each is validated before it is stored. */
  schema: Partial<Record<DatasetKey, z.ZodType>>;
  /**
   * Reads the organization once rather than each account or organization its source lists (IAM Identity Center): a
   * fan-out run gives it one shard over the whole source section.
   */
  organizationLevel?: boolean;
  collect(ctx: CollectorContext<C>): Promise<void>;
}

export const defineCollector = <C>(c: Collector<C>): Collector<C> => c;
