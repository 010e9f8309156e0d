import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { CsvProblems, csvDateTime, readCsvTable, requireCsvColumns } from '../config/csv-table.js';
import {
  REVIEW_DECISIONS,
  type CampaignData,
  type Decision,
  type ReviewDecision,
} from '../model/datasets/access-review.js';

const REQUIRED = ['campaign', 'item', 'decision', 'decided_by', 'decided_at'] as const;
const email = z.email();

/**
 * Reviewers' decisions from the campaign CSV they filled in (RFC 4180; a BOM tolerated; extra columns ignored; rows
 * with no decision, decided_by nor decided_at are undecided and skipped). Every problem names the file, line and
 * column; reported together and nothing is stored.
 */
export function parseDecisionsCsv(
  text: string,
  file: string,
  campaigns: ReadonlyMap<string, CampaignData>,
  now: Date,
): Decision[] {
  const table = readCsvTable(text, file);
  requireCsvColumns(file, table, REQUIRED, 'expected the CSV assay access-review start wrote');
  const problems = new CsvProblems(file);
  const decisions: Decision[] = [];
  const seen = new Map<string, number>();
  for (const { record, line } of table.rows) {
    const bad = (column: string, what: string) => problems.add(line, column, what);
    const v = (c: string) => record[c] ?? '';
    if (v('decision') === '' && v('decided_by') === '' && v('decided_at') === '') continue;
    const campaign = campaigns.get(v('campaign'));
    if (!campaign)
      bad(
        'campaign',
        `no campaign '${v('campaign')}' in the evidence store (known: ${[...campaigns.keys()].join(', ') || 'none'})`,
      );
    const item = campaign?.items.find((i) => i.id === v('item'));
    if (campaign && !item)
      bad(
        'item',
        campaign.removed.some((i) => i.id === v('item'))
          ? `'${v('item')}' was REMOVED since the previous campaign: it needs no decision`
          : `no item '${v('item')}' in campaign ${campaign.id}`,
      );
    const decision = v('decision').toLowerCase();
    if (!(REVIEW_DECISIONS as readonly string[]).includes(decision))
      bad('decision', `expected ${REVIEW_DECISIONS.join(', ')}, got '${v('decision')}'`);
    const by = v('decided_by');
    if (!email.safeParse(by).success) bad('decided_by', `expected the reviewer's email address, got '${by}'`);
    const at = csvDateTime(v('decided_at'));
    if (!at) bad('decided_at', `expected a date (2026-11-02) or a date-time with offset, got '${v('decided_at')}'`);
    else if (Date.parse(at) > now.getTime()) bad('decided_at', `${v('decided_at')} is in the future`);
    const key = `${v('campaign')}\n${v('item')}`;
    const first = seen.get(key);
    if (first !== undefined) bad('item', `'${v('item')}' is decided twice (also on line ${first})`);
    seen.set(key, line);
    const note = v('note').replace(/^'/, '');
    if (campaign && item && at && email.safeParse(by).success && first === undefined)
      decisions.push({
        campaign: campaign.id,
        item: item.id,
        decision: decision as ReviewDecision,
        decidedBy: by.toLowerCase(),
        decidedAt: at,
        ...(note !== '' ? { note } : {}),
      });
  }
  problems.throwIfAny();
  if (decisions.length === 0)
    throw new ConfigError(`${file}: no decided row (fill in decision, decided_by and decided_at for each item)`);
  return decisions;
}
