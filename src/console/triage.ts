import { z } from 'zod';
import { AssayError } from '../errors.js';
import type { RecordStore } from '../evidence/record-store.js';
import type { StoredRecord } from '../model/record.js';

export const TRIAGE_RECORD = 'triage';

const text = (max: number) => z.string().trim().min(1).max(max);

/** One triage action on a finding; the record's `by` and `at` say who and when. */
export const TriageActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), finding: text(600), owner: z.email() }).strict(),
  z.object({ action: z.literal('acknowledge'), finding: text(600) }).strict(),
  z.object({ action: z.literal('comment'), finding: text(600), text: text(4000) }).strict(),
  z
    .object({
      action: z.literal('propose-exception'),
      finding: text(600),
      check: text(200),
      resource: text(600),
      justification: z.string().trim().min(10, 'expected a justification of at least 10 characters').max(4000),
      expires: z.iso.date(),
      ticket: z.url().optional(),
    })
    .strict(),
  z
    .object({
      /** Revoking withdraws an approved exception: the next run no longer applies it. */
      action: z.enum(['approve-exception', 'reject-exception', 'revoke-exception']),
      finding: text(600),
      /** The `seq` of the proposal record decided (or revoked). */
      proposal: z.number().int().positive(),
      note: z.string().trim().max(4000).optional(),
    })
    .strict(),
]);
export type TriageAction = z.infer<typeof TriageActionSchema>;
export type Proposal = Extract<TriageAction, { action: 'propose-exception' }>;

/** An action the stored state does not allow; the console answers 409 with its message. */
export class TriageRefused extends AssayError {}

const MAX_EXCEPTION_DAYS = 366;

/** Where a proposal stands, from the records after it. */
export interface ProposalState {
  record: StoredRecord<Proposal>;
  /** The first approval or rejection after it by someone other than the proposer; later ones change nothing. */
  decision: StoredRecord<TriageAction> | undefined;
  /** The first revocation after an approval. */
  revocation: StoredRecord<TriageAction> | undefined;
}

export const triageOf = (records: readonly StoredRecord[], findingKey: string): StoredRecord<TriageAction>[] =>
  records
    .filter((r) => r.type === TRIAGE_RECORD)
    .map((r) => ({ ...r, data: TriageActionSchema.safeParse(r.data) }))
    .filter((r) => r.data.success && r.data.data.finding === findingKey)
    .map((r) => ({ ...r, data: r.data.data! }));

const names = (d: StoredRecord<TriageAction>, p: StoredRecord<Proposal>, actions: readonly string[]): boolean =>
  actions.includes(d.data.action) &&
  'proposal' in d.data &&
  d.data.proposal === p.seq &&
  d.data.finding === p.data.finding &&
  d.seq > p.seq;

/** The proposals among `actions` (any number of findings) with their decision and revocation; linear in records. */
export function proposalsOf(actions: readonly StoredRecord<TriageAction>[]): ProposalState[] {
  const naming = new Map<number, StoredRecord<TriageAction>[]>();
  for (const d of actions) {
    if (!('proposal' in d.data)) continue;
    const list = naming.get(d.data.proposal);
    if (list) list.push(d);
    else naming.set(d.data.proposal, [d]);
  }
  return actions
    .filter((r): r is StoredRecord<Proposal> => r.data.action === 'propose-exception')
    .map((record) => {
      const about = naming.get(record.seq) ?? [];
      const decision = about.find(
        (d) => names(d, record, ['approve-exception', 'reject-exception']) && d.by !== record.by,
      );
      const revocation =
        decision?.data.action === 'approve-exception'
          ? about.find((d) => names(d, record, ['revoke-exception']) && d.seq > decision.seq)
          : undefined;
      return { record, decision, revocation };
    });
}

/**
 * Appends one action after checking it against what is stored: an exception expires within a year of today, and a
 * decision names an undecided proposal about the same finding by someone other than the approver. Nothing is edited:
 * each action is a new record, anchored by the next run's manifest.
 */
export async function appendTriage(
  records: RecordStore,
  by: string,
  action: TriageAction,
  now: Date,
): Promise<StoredRecord> {
  if (action.action === 'propose-exception') {
    const days = (Date.parse(`${action.expires}T00:00:00Z`) - now.getTime()) / 86_400_000;
    if (days < 0) throw new TriageRefused(`expires ${action.expires} is in the past`);
    if (days > MAX_EXCEPTION_DAYS) throw new TriageRefused(`expires ${action.expires} is more than one year away`);
  }
  if ('proposal' in action) {
    const state = proposalsOf(triageOf(await records.list(TRIAGE_RECORD), action.finding)).find(
      (p) => p.record.seq === action.proposal,
    );
    if (!state) throw new TriageRefused(`no exception proposal #${action.proposal} for this finding`);
    if (action.action === 'revoke-exception') {
      if (state.decision?.data.action !== 'approve-exception')
        throw new TriageRefused(`proposal #${action.proposal} is not approved, so there is nothing to revoke`);
      if (state.revocation) throw new TriageRefused(`proposal #${action.proposal} was already revoked`);
    } else {
      if (state.decision) throw new TriageRefused(`proposal #${action.proposal} was already decided`);
      if (state.record.by === by)
        throw new TriageRefused('an exception is approved by someone other than its proposer');
    }
  }
  return records.append(TRIAGE_RECORD, { by, data: action });
}
