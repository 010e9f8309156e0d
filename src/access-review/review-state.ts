import {
  CampaignDataSchema,
  DecisionsDataSchema,
  type CampaignData,
  type CampaignState,
  type Decision,
  type Revoke,
} from '../model/datasets/access-review.js';
import type { StoredRecord } from '../model/record.js';

const MAX_UNDECIDED = 10;

/** Campaign records whose data parses (one that does not is logged by the caller and skipped). */
export function campaignsOf(records: readonly StoredRecord[]): { record: StoredRecord; data: CampaignData }[] {
  return records.flatMap((record) => {
    const parsed = CampaignDataSchema.safeParse(record.data);
    return parsed.success ? [{ record, data: parsed.data }] : [];
  });
}

/**
 * Folds the campaign and decision records (sequence order) into each campaign's progress and the live revokes. A
 * later decision on an item replaces an earlier one; a campaign is completed by the decisions record that decides
 * its last item.
 */
export function reviewState(
  campaignRecords: readonly StoredRecord[],
  decisionRecords: readonly StoredRecord[],
): { campaigns: CampaignState[]; revokes: Revoke[] } {
  const campaigns = campaignsOf(campaignRecords);
  const byId = new Map(campaigns.map((c) => [c.data.id, c]));
  const decided = new Map<string, Map<string, Decision & { recordSeq: number }>>();
  const completedAt = new Map<string, string>();
  for (const record of [...decisionRecords].sort((a, b) => a.seq - b.seq)) {
    const parsed = DecisionsDataSchema.safeParse(record.data);
    if (!parsed.success) continue;
    const touched = new Set<string>();
    for (const d of parsed.data.decisions) {
      const c = byId.get(d.campaign);
      if (!c?.data.items.some((i) => i.id === d.item)) continue;
      const map = decided.get(d.campaign) ?? new Map<string, Decision & { recordSeq: number }>();
      map.set(d.item, { ...d, recordSeq: record.seq });
      decided.set(d.campaign, map);
      touched.add(d.campaign);
    }
    for (const id of touched)
      if (!completedAt.has(id) && decided.get(id)!.size === byId.get(id)!.data.items.length)
        completedAt.set(id, record.at);
  }
  const states = campaigns.map(({ record, data }): CampaignState => {
    const map = decided.get(data.id);
    const done = completedAt.get(data.id) ?? (data.items.length === 0 ? record.at : undefined);
    return {
      id: data.id,
      seq: record.seq,
      period: data.period,
      at: record.at,
      by: record.by,
      items: data.items.length,
      decided: map?.size ?? 0,
      undecided: data.items
        .filter((i) => !map?.has(i.id))
        .slice(0, MAX_UNDECIDED)
        .map((i) => i.id),
      ...(done ? { completedAt: done } : {}),
    };
  });
  // Across campaigns too, the newest decision on an item wins: a later `keep` withdraws an earlier `revoke`.
  const newest = new Map<string, number>();
  for (const map of decided.values())
    for (const d of map.values()) newest.set(d.item, Math.max(newest.get(d.item) ?? 0, d.recordSeq));
  const revokes: Revoke[] = [];
  for (const [id, map] of decided)
    for (const d of map.values()) {
      if (d.decision !== 'revoke' || newest.get(d.item) !== d.recordSeq) continue;
      const item = byId.get(id)!.data.items.find((i) => i.id === d.item)!;
      revokes.push({
        id: item.id,
        ...(item.person !== undefined ? { person: item.person } : {}),
        system: item.system,
        scope: item.scope,
        account: item.account,
        name: item.name,
        campaign: id,
        decidedBy: d.decidedBy,
        decidedAt: d.decidedAt,
        recordSeq: d.recordSeq,
      });
    }
  return { campaigns: states, revokes };
}
