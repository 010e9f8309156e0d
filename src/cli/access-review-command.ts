import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { buildCampaign, UNASSIGNED } from '../access-review/build-campaign.js';
import { reviewerCsv, reviewerHtml, reviewersOf, reviewerSlug } from '../access-review/campaign-files.js';
import { parseDecisionsCsv } from '../access-review/decisions-csv.js';
import { latestPeopleGraph } from '../access-review/latest-graph.js';
import { campaignsOf, reviewState } from '../access-review/review-state.js';
import type { Env } from '../config/load-config.js';
import { UsageError } from '../errors.js';
import type { NewRecordFile } from '../evidence/record-store.js';
import {
  ACCESS_REVIEW_CAMPAIGN,
  ACCESS_REVIEW_DECISIONS,
  type DecisionsData,
} from '../model/datasets/access-review.js';
import { existingLocalStore } from './open-store.js';
import type { Output } from './output.js';

export interface AccessReviewOptions {
  /** `start` or `record`. */
  action: string | undefined;
  period?: string;
  by?: string;
  file?: string;
  out?: string;
  store?: string;
  config?: string;
  now?: Date;
}

const PERIOD = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** The store and the `people` config: from --config when given, else --store (default ./evidence). */
async function target(opts: AccessReviewOptions, env: Env) {
  const { config, store } = await existingLocalStore('assay access-review', opts, env);
  return { review: config?.people?.accessReview, store };
}

/** `assay access-review start|record`. */
export async function accessReviewCommand(opts: AccessReviewOptions, env: Env, out: Output): Promise<number> {
  if (opts.action === 'start') return start(opts, env, out);
  if (opts.action === 'record') return record(opts, env, out);
  throw new UsageError(
    `assay access-review: expected 'start --period PERIOD' or 'record --file DECISIONS.csv --by EMAIL'${opts.action ? `, got '${opts.action}'` : ''}`,
  );
}

async function start(opts: AccessReviewOptions, env: Env, out: Output): Promise<number> {
  if (!opts.period || !PERIOD.test(opts.period))
    throw new UsageError(
      `assay access-review start: --period is required, e.g. 2026Q4 (letters, digits, . _ -)${opts.period ? `, got '${opts.period}'` : ''}`,
    );
  if (opts.by !== undefined && !z.email().safeParse(opts.by).success)
    throw new UsageError(`--by: expected an email address, got '${opts.by}'`);
  if (opts.file !== undefined) throw new UsageError('assay access-review start: --file belongs to record');
  const { review, store } = await target(opts, env);
  const existing = campaignsOf(await store.records.list(ACCESS_REVIEW_CAMPAIGN));
  const clash = existing.find((c) => c.data.id === opts.period);
  if (clash)
    throw new UsageError(
      `--period: campaign ${opts.period} already exists (record #${clash.record.seq} of ${clash.record.at}); choose another period`,
    );
  const { graph, run } = await latestPeopleGraph(store);
  const campaign = buildCampaign({
    id: opts.period,
    period: opts.period,
    graph,
    graphRun: run,
    config: review,
    previous: existing.at(-1)?.data,
  });
  const reviewers = reviewersOf(campaign);
  const files: NewRecordFile[] = reviewers.flatMap((r) => [
    {
      name: `${campaign.id}-${reviewerSlug(r)}.csv`,
      body: new TextEncoder().encode(reviewerCsv(campaign, r)),
      mediaType: 'text/csv',
    },
    {
      name: `${campaign.id}-${reviewerSlug(r)}.html`,
      body: new TextEncoder().encode(reviewerHtml(campaign, r)),
      mediaType: 'text/html',
    },
  ]);
  const stored = await store.records.append(ACCESS_REVIEW_CAMPAIGN, {
    by: opts.by ?? 'assay access-review start',
    data: campaign,
    files,
  });
  if (opts.out) {
    await mkdir(opts.out, { recursive: true });
    for (const f of files) await writeFile(path.join(opts.out, f.name), f.body);
  }
  const count = (m: string) => campaign.items.filter((i) => i.mark === m).length;
  out.print(
    `✔ Campaign ${campaign.id} stored as record #${stored.seq} (from run #${run.sequence} ${run.runId}${campaign.previous ? `, against campaign ${campaign.previous}` : ''})`,
  );
  out.print(
    `  ${reviewers.length} reviewer${reviewers.length === 1 ? '' : 's'}, ${campaign.items.length} items: ${count('NEW')} new, ${campaign.removed.length} removed, ${count('CHANGED')} changed`,
  );
  for (const r of reviewers) out.print(`  ${r}: ${campaign.items.filter((i) => i.reviewer === r).length} items`);
  if (reviewers.includes(UNASSIGNED))
    out.print(
      `  ⚠ ${UNASSIGNED}: no manager in Workspace and no people.accessReview.reviewers.<system> or defaultReviewer`,
    );
  for (const f of stored.files) out.print(`  file ${f.name} sha256 ${f.sha256}`);
  if (opts.out) out.print(`  written to ${path.resolve(opts.out)}`);
  return 0;
}

async function record(opts: AccessReviewOptions, env: Env, out: Output): Promise<number> {
  if (!opts.file) throw new UsageError('assay access-review record: --file DECISIONS.csv is required');
  if (!opts.by || !z.email().safeParse(opts.by).success)
    throw new UsageError(
      `assay access-review record: --by EMAIL is required (who records the decisions)${opts.by ? `, got '${opts.by}'` : ''}`,
    );
  const { store } = await target(opts, env);
  let body: Uint8Array;
  try {
    body = new Uint8Array(await readFile(opts.file));
  } catch (cause) {
    throw new UsageError(
      `--file ${opts.file}: cannot read the file (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`,
      { cause },
    );
  }
  const campaignRecords = await store.records.list(ACCESS_REVIEW_CAMPAIGN);
  const campaigns = new Map(campaignsOf(campaignRecords).map((c) => [c.data.id, c.data]));
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body);
  const decisions = parseDecisionsCsv(text, opts.file, campaigns, opts.now ?? new Date());
  const data: DecisionsData = { file: path.basename(opts.file), decisions };
  const stored = await store.records.append(ACCESS_REVIEW_DECISIONS, {
    by: opts.by.toLowerCase(),
    data,
    files: [{ name: path.basename(opts.file), body, mediaType: 'text/csv' }],
  });
  const n = (d: string) => decisions.filter((x) => x.decision === d).length;
  out.print(
    `✔ Stored ${decisions.length} decisions (${n('keep')} keep, ${n('revoke')} revoke, ${n('change')} change) as record #${stored.seq} by ${stored.by}`,
  );
  out.print(`  ${stored.key} sha256 ${stored.sha256}`);
  for (const f of stored.files) out.print(`  file ${f.name} (${f.size} bytes) sha256 ${f.sha256}`);
  const state = reviewState(campaignRecords, await store.records.list(ACCESS_REVIEW_DECISIONS));
  for (const c of state.campaigns.filter((x) => decisions.some((d) => d.campaign === x.id)))
    out.print(
      `  campaign ${c.id}: ${c.decided}/${c.items} decided${c.completedAt ? `, completed ${c.completedAt}` : ''}`,
    );
  return 0;
}
