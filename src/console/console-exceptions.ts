import type { RegisterEntry } from '../model/exception.js';
import type { StoredRecord } from '../model/record.js';
import { proposalsOf, TriageActionSchema, type Proposal, type TriageAction } from './triage.js';

export interface ConsoleExceptionRules {
  /** `exceptions.approvers`: when not empty, an approval by anyone else is not applied. */
  approvers: readonly string[];
  checkIds: ReadonlySet<string>;
}

/** A console exception's id: `#` cannot occur in an exceptions file's ids, so the two never collide. */
export const consoleExceptionId = (proposalSeq: number): string => `console#${proposalSeq}`;

/**
 * The scope id inside a finding key `<check>|<kind>:<scope id>|<resource type>:<resource id>` (src/engine/run-checks.ts);
 * scope ids (organizations, accounts, customers) hold no `|`.
 */
function scopeIdOf(p: Proposal): string | undefined {
  const head = `${p.check}|`;
  if (!p.finding.startsWith(head)) return undefined;
  const rest = p.finding.slice(head.length);
  const bar = rest.indexOf('|');
  const scope = rest.slice(0, Math.max(0, bar));
  const colon = scope.indexOf(':');
  if (bar < 0 || !rest.slice(bar + 1).endsWith(`:${p.resource}`) || colon < 1) return undefined;
  return scope.slice(colon + 1) || undefined;
}

/**
 * The exceptions approved in the console, from the triage records: a proposal with an approval (by someone other than
 * its proposer, in `exceptions.approvers` when that list is set) and no revocation after it. A rejected, undecided or
 * revoked proposal is not an exception; nor is one naming a check this build lacks, a finding key that does not hold
 * its check and resource, or a resource with `*` in it. Each entry is limited to the finding's scope and names the records it came from.
 */
export function consoleExceptions(records: readonly StoredRecord[], rules: ConsoleExceptionRules): RegisterEntry[] {
  const approvers = new Set(rules.approvers.map((a) => a.toLowerCase()));
  const actions = records.flatMap((r): StoredRecord<TriageAction>[] => {
    const parsed = TriageActionSchema.safeParse(r.data);
    return parsed.success ? [{ ...r, data: parsed.data }] : [];
  });
  return proposalsOf(actions).flatMap(({ record: p, decision, revocation }): RegisterEntry[] => {
    if (decision?.data.action !== 'approve-exception' || revocation) return [];
    if (approvers.size > 0 && !approvers.has(decision.by.toLowerCase())) return [];
    const scope = scopeIdOf(p.data);
    // One finding, never a glob: the register reads `*` in a resource as "any characters".
    if (!rules.checkIds.has(p.data.check) || scope === undefined || p.data.resource.includes('*')) return [];
    return [
      {
        id: consoleExceptionId(p.seq),
        check: p.data.check,
        resource: p.data.resource,
        scope,
        justification: p.data.justification,
        approvedBy: decision.by,
        approvedOn: decision.at.slice(0, 10),
        expires: p.data.expires,
        ticket: p.data.ticket ?? '',
        source: { kind: 'console', proposal: p.seq, approval: decision.seq, proposedBy: p.by },
      },
    ];
  });
}
