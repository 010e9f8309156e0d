import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UNASSIGNED } from '../access-review/build-campaign.js';
import { campaignsOf, reviewState } from '../access-review/review-state.js';
import type { Env } from '../config/load-config.js';
import { ACCESS_REVIEW_CAMPAIGN, ACCESS_REVIEW_DECISIONS } from '../model/datasets/access-review.js';
import type { GroundTruth } from '../../sim/ground-truth.js';
import { accessReviewCommand } from './access-review-command.js';
import { openLocalStore } from './open-store.js';
import { bufferOutput, type Output } from './output.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const SCOPE = 'organization';

/** The calendar quarter, as a campaign period: 2026Q4. */
export const quarterOf = (now: Date): string => `${now.getUTCFullYear()}Q${Math.floor(now.getUTCMonth() / 3) + 1}`;

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * What the access-review checks must say on the coming run, from the campaigns and decisions the store holds: no
 * campaign completed within the period fails `people-access-review-current`; a revoke decided longer ago than the SLA
 * fails `people-access-review-revocations`, as the demo's revoke is of a planted account the simulator keeps live.
 */
export async function accessReviewTruth(
  storeDir: string,
  opts: { periodDays: number; slaHours: number; now: Date },
): Promise<GroundTruth> {
  const { store } = openLocalStore(storeDir);
  const state = reviewState(
    await store.records.list(ACCESS_REVIEW_CAMPAIGN),
    await store.records.list(ACCESS_REVIEW_DECISIONS),
  );
  const since = opts.now.getTime() - opts.periodDays * DAY_MS;
  const current = state.campaigns.some((c) => c.completedAt !== undefined && Date.parse(c.completedAt) >= since);
  return {
    'people-access-review-current': current ? [] : [{ scopeId: SCOPE, resourceId: SCOPE }],
    'people-access-review-revocations': state.revokes
      .filter((r) => opts.now.getTime() - Date.parse(r.decidedAt) > opts.slaHours * HOUR_MS)
      .map((r) => ({ scopeId: SCOPE, resourceId: `${r.scope}/${r.account}` })),
  };
}

/**
 * After the run, as a security team would: `assay access-review start` for the current quarter from the run's
 * identity graph, then `assay access-review record` with every item kept by its reviewer except one revoke, of a
 * planted orphan account, which the next run verifies. Nothing when the quarter's campaign exists already.
 */
export async function seedDemoAccessReview(
  opts: { configFile: string; dir: string; storeDir: string; truth: GroundTruth; domain: string; now: Date; env: Env },
  out: Output,
): Promise<void> {
  const period = quarterOf(opts.now);
  const ciso = `ciso@${opts.domain}`;
  const { store } = openLocalStore(opts.storeDir);
  if (campaignsOf(await store.records.list(ACCESS_REVIEW_CAMPAIGN)).some((c) => c.data.id === period)) return;
  const filesDir = path.join(opts.dir, 'access-review');
  const quiet = bufferOutput();
  await accessReviewCommand(
    { action: 'start', period, config: opts.configFile, out: filesDir, by: ciso },
    opts.env,
    quiet,
  );
  const campaign = campaignsOf(await store.records.list(ACCESS_REVIEW_CAMPAIGN)).find((c) => c.data.id === period)!;
  const orphans = new Set((opts.truth['people-orphan-accounts'] ?? []).map((t) => t.resourceId));
  const revoked =
    campaign.data.items.find((i) => i.system === 'github' && orphans.has(`${i.scope}/${i.account}`)) ??
    campaign.data.items.find((i) => orphans.has(`${i.scope}/${i.account}`));
  const day = opts.now.toISOString().slice(0, 10);
  const rows = campaign.data.items.map((i) =>
    [
      period,
      i.id,
      i === revoked ? 'revoke' : 'keep',
      i.reviewer === UNASSIGNED ? ciso : i.reviewer,
      day,
      i === revoked ? 'Belongs to nobody: remove it' : '',
    ]
      .map(csvCell)
      .join(','),
  );
  const decisions = path.join(filesDir, `${period}-decisions.csv`);
  await writeFile(decisions, ['campaign,item,decision,decided_by,decided_at,note', ...rows].join('\n') + '\n');
  await accessReviewCommand(
    { action: 'record', file: decisions, by: ciso, config: opts.configFile, now: opts.now },
    opts.env,
    quiet,
  );
  const reviewers = new Set(campaign.data.items.map((i) => i.reviewer)).size;
  out.print(
    `Access review ${period}: ${campaign.data.items.length} items for ${reviewers} reviewer${reviewers === 1 ? '' : 's'} (CSV and HTML each) and the decisions, in ${filesDir}; ${revoked ? `1 revoke (${revoked.name} in ${revoked.scope}), which the next run verifies` : 'no revoke'}\n`,
  );
}
