import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import {
  REVIEW_DECISIONS,
  type CampaignData,
  type Decision,
  type ReviewDecision,
} from '../model/datasets/access-review.js';

const MAX_PROBLEMS = 20;
const REQUIRED = ['campaign', 'item', 'decision', 'decided_by', 'decided_at'] as const;
const email = z.email();

/** A date (taken as 00:00 UTC) or a date-time with an offset; UTC ISO out. */
function toIso(value: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? undefined : d.toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  const d = new Date(value.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * Reviewers' decisions from the campaign CSV they filled in (RFC 4180; a BOM tolerated; extra columns ignored; rows
 * with no decision, decided_by nor decided_at are undecided and skipped). Every problem names the file, line and
 * column; the first {@link MAX_PROBLEMS} are reported together and nothing is stored.
 */
export function parseDecisionsCsv(
  text: string,
  file: string,
  campaigns: ReadonlyMap<string, CampaignData>,
  now: Date,
): Decision[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, columns: true, skip_empty_lines: true, trim: true, info: true });
  } catch (cause) {
    throw new ConfigError(`${file}: not valid CSV: ${(cause as Error).message}`, { cause });
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const absent = REQUIRED.filter((c) => !header.includes(c));
  if (records.length > 0 && absent.length > 0)
    throw new ConfigError(
      `${file}: header: no column ${absent.map((c) => `'${c}'`).join(', ')} (expected the CSV assay access-review start wrote); found: ${header.join(', ')}`,
    );
  const problems: string[] = [];
  const decisions: Decision[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const bad = (column: string, what: string) =>
      problems.push(`${file}: line ${info.lines}: column '${column}': ${what}`);
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
    const at = toIso(v('decided_at'));
    if (!at) bad('decided_at', `expected a date (2026-11-02) or a date-time with offset, got '${v('decided_at')}'`);
    else if (Date.parse(at) > now.getTime()) bad('decided_at', `${v('decided_at')} is in the future`);
    const key = `${v('campaign')}\n${v('item')}`;
    const first = seen.get(key);
    if (first !== undefined) bad('item', `'${v('item')}' is decided twice (also on line ${first})`);
    seen.set(key, info.lines);
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
  if (problems.length > 0)
    throw new ConfigError(
      [
        ...problems.slice(0, MAX_PROBLEMS),
        ...(problems.length > MAX_PROBLEMS ? [`${file}: … and ${problems.length - MAX_PROBLEMS} more problems`] : []),
      ].join('\n'),
    );
  if (decisions.length === 0)
    throw new ConfigError(`${file}: no decided row (fill in decision, decided_by and decided_at for each item)`);
  return decisions;
}
