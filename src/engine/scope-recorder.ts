import type { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import { CollectorError } from '../errors.js';
import type { CallFn, Collector, ScopeRecorder } from '../model/collector.js';
import type { DatasetKey, DatasetTypes } from '../model/datasets/index.js';
import type { ApiCall, MissingDataset, Snapshot } from '../model/snapshot.js';
import type { Scope } from '../model/scope.js';
import { describeError } from './describe-error.js';
import { formatPath } from '../config/load-config.js';

export interface CallState {
  requests: number;
}

/** Builds one snapshot: records each call, validates each dataset, and never lets a gap read as data. */
export class ScopeRecorderImpl implements ScopeRecorder {
  private readonly data: Record<string, unknown> = {};
  private readonly missing: Record<string, MissingDataset> = {};
  private readonly calls: ApiCall[] = [];
  private readonly inFlight = new Set<string>();
  private closed = false;
  private readonly cursorsSet: Record<string, string> = {};
  readonly startedAt: Date;

  constructor(
    private readonly collector: Collector,
    readonly scope: Scope,
    private readonly als: AsyncLocalStorage<CallState>,
    private readonly log: Logger,
    private readonly signal: AbortSignal,
    now: Date,
    private readonly previousCursors: Readonly<Record<string, string>> = {},
    private readonly previousSnapshot: () => Promise<Snapshot | undefined> = () => Promise.resolve(undefined),
    private readonly mask: (text: string) => string = (t) => t,
  ) {
    this.startedAt = now;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- implements ScopeRecorder.dataset, whose value type is the key's.
  async dataset<K extends DatasetKey>(key: K, fn: (call: CallFn) => Promise<unknown>): Promise<any> {
    const schema = this.collector.schema[key];
    if (!schema) throw new CollectorError(`collector ${this.collector.id} does not declare dataset ${key}`, 'collect');
    let lastOperation = 'collect';
    const call: CallFn = async <T>(operation: string, f: () => Promise<T>): Promise<T> => {
      lastOperation = operation;
      if (this.signal.aborted) throw new CollectorError('the collector ran out of time', operation);
      const state: CallState = { requests: 0 };
      const started = performance.now();
      this.inFlight.add(operation);
      try {
        const result = await this.als.run(state, f);
        this.record({ operation, dataset: key, ok: true, requests: state.requests, durationMs: elapsed(started) });
        return result;
      } catch (err) {
        const info = describeError(err, this.mask);
        this.record({
          operation,
          dataset: key,
          ok: false,
          requests: state.requests,
          durationMs: elapsed(started),
          ...(info.status ? { status: info.status } : {}),
          error: info.message,
        });
        throw new CollectorError(info.message, operation, info.status, { cause: err });
      } finally {
        this.inFlight.delete(operation);
      }
    };
    try {
      const value = await fn(call);
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        this.setMissing(key, {
          kind: 'error',
          operation: lastOperation,
          message: `the response did not have the expected shape at ${formatPath(issue.path) || 'the top level'}: ${issue.message}`,
        });
        return undefined;
      }
      if (!this.closed) this.data[key] = parsed.data;
      return parsed.data;
    } catch (err) {
      const info = describeError(err, this.mask);
      const operation = err instanceof CollectorError ? err.operation : lastOperation;
      this.setMissing(key, {
        kind: 'error',
        operation,
        message: info.message,
        ...(info.status ? { status: info.status } : {}),
      });
      this.log.warn(
        { collector: this.collector.id, scope: this.scope.id, dataset: key, operation, status: info.status },
        `could not collect ${key}: ${info.message}`,
      );
      return undefined;
    }
  }

  notApplicable(key: DatasetKey, operation: string, reason: string): void {
    this.setMissing(key, { kind: 'not_applicable', operation, message: reason });
  }

  previousCursor(name: string): string | undefined {
    return this.previousCursors[name];
  }

  async previousData<K extends DatasetKey>(key: K): Promise<DatasetTypes[K] | undefined> {
    const value = (await this.previousSnapshot())?.data[key];
    const parsed = value === undefined ? undefined : this.collector.schema[key]?.safeParse(value);
    return parsed?.success ? (parsed.data as DatasetTypes[K]) : undefined;
  }

  setCursor(name: string, value: string): void {
    if (!this.closed) this.cursorsSet[name] = value;
  }

  /** The cursors to hand to the next run: this run's where set, the previous run's otherwise. */
  cursors(): Record<string, string> {
    return { ...this.previousCursors, ...this.cursorsSet };
  }

  /** Marks every dataset not yet collected as missing for `reason` and returns the snapshot. */
  finish(now: Date, reason?: { operation: string; message: string }): Snapshot {
    if (!this.closed) {
      for (const key of Object.keys(this.collector.schema)) {
        if (key in this.data || key in this.missing) continue;
        const operation = reason?.operation ?? this.operationInFlight ?? 'collect';
        this.missing[key] = {
          kind: 'error',
          operation,
          message: reason?.message ?? `the ${this.collector.id} collector did not collect this dataset`,
        };
      }
      this.closed = true;
    }
    return {
      schemaVersion: 1,
      collector: this.collector.id,
      source: this.collector.source,
      scope: this.scope,
      startedAt: this.startedAt.toISOString(),
      collectedAt: now.toISOString(),
      calls: this.calls,
      data: this.data,
      missing: this.missing,
    };
  }

  get operationInFlight(): string | undefined {
    return [...this.inFlight][0];
  }

  private record(call: ApiCall): void {
    if (!this.closed) this.calls.push(call);
  }

  private setMissing(key: string, m: MissingDataset): void {
    if (!this.closed && !(key in this.missing)) this.missing[key] = m;
  }
}

const elapsed = (started: number): number => Math.round(performance.now() - started);
