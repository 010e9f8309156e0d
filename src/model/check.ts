import { z } from 'zod';
import type { DatasetKey, DatasetTypes } from './datasets/index.js';
import type { Resource, Status } from './finding.js';
import type { Scope } from './scope.js';
import type { Severity } from './severity.js';
import type { ControlRef } from './control.js';

export interface CheckContext<P> {
  /** The run's clock: checks never read the wall clock. */
  now: Date;
  scope: Scope;
  params: P;
}

/** What `evaluate` returns for one resource; the engine adds check id, controls, scope and key. */
export interface CheckResult {
  status: Status;
  resource: Resource;
  /** One sentence. */
  message: string;
  observed?: Record<string, unknown>;
  /** Overrides the check's severity for this result (an active leaked secret is critical). */
  severity?: Severity;
  /**
   * The check's controls this result bears on, when fewer than all (an app that is not an AI system is no evidence of
   * AI-use controls). Only controls the check declares are kept, so the catalog covers every finding.
   */
  controls?: readonly ControlRef[];
}

export type CheckData<K extends DatasetKey> = { [P in K]: DatasetTypes[P] };

export interface Check<K extends DatasetKey = DatasetKey, P = unknown> {
  id: string;
  version: number;
  /** States the good state. */
  title: string;
  severity: Severity;
  rationale: string;
  remediation: string;
  requires: readonly K[];
  controls: readonly ControlRef[];
  params: z.ZodType<P>;
  evaluate(data: CheckData<K>, ctx: CheckContext<P>): CheckResult[];
}

/** The registry stores checks with their dataset and parameter types erased. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- erased on purpose: each check's params type is its own.
export type AnyCheck = Check<DatasetKey, any>;

type CheckDefinition<K extends DatasetKey, S extends z.ZodType> = Omit<Check<K, z.output<S>>, 'params' | 'version'> & {
  version?: number;
  params?: S;
};

const noParams = z.object({}).strict();

export function defineCheck<K extends DatasetKey, S extends z.ZodType = typeof noParams>(
  def: CheckDefinition<K, S>,
): Check<K, z.output<S>> {
  return { version: 1, ...def, params: (def.params ?? noParams) as unknown as z.ZodType<z.output<S>> };
}

/** A single result about the scope itself (an organization, an account). */
export const scopeResource = (scope: Scope, type: string): Resource => ({
  type,
  id: scope.id,
  ...(scope.name ? { name: scope.name } : {}),
});

/** A check's parameters with their defaults, as `checks.<id>` in the config takes them. */
export function checkParamDefaults(c: Pick<AnyCheck, 'params'>): Record<string, unknown> {
  const parsed = c.params.safeParse({});
  return parsed.success && parsed.data && typeof parsed.data === 'object'
    ? (parsed.data as Record<string, unknown>)
    : {};
}
