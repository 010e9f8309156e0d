import { z } from 'zod';
import type { Logger } from 'pino';
import { CollectorError, ConfigError, EvidenceError } from '../errors.js';
import type { Collector } from '../model/collector.js';
import { ScopeSchema, type Scope } from '../model/scope.js';
import type { Config } from '../config/load-config.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { readOrUndefined } from '../evidence/sequence-claim.js';
import { artifactKey } from '../evidence/store-layout.js';
import { discoverAccounts } from '../../collectors/aws/aws-accounts.js';
import { describeAwsError } from '../../collectors/aws/aws-errors.js';

/** One unit of collection: one collector over one slice of its source (an organization, an account). */
export interface Shard {
  id: string;
  collector: string;
  /** The collector's config section narrowed to this slice (secrets as references, never values). */
  config: unknown;
  /** The scope the slice covers, when known before collecting: a shard that never reports is an error there. */
  scope?: Scope;
}

/** An AWS account the plan reads, and whether it is the base credentials' own (read with them, not a role). */
export interface PlannedAccount {
  id: string;
  name?: string;
  direct: boolean;
}

/** What the plan step stores at `runs/<runId>/plan.json` (write-once): every later step reads its shards from here. */
export interface ShardPlan {
  schemaVersion: 1;
  runId: string;
  /** The config the plan was made from: a shard or evaluation under another config is refused. */
  configDigest: string;
  /** HTTP requests the plan's discovery made (organizations:ListAccounts, sts:GetCallerIdentity). */
  requests: number;
  shards: Shard[];
}

export const PLAN_PATH = 'plan.json';
/**
 * The plan's shards as the Distributed Map's items (`[{runId, shard}]`), for its S3 item reader: the state passed
 * between steps is limited to 256 KiB, an organization's item list is not.
 */
export const MAP_ITEMS_PATH = 'map-items.json';

/** The map items of a plan, as stored at `MAP_ITEMS_PATH`. */
export const mapItems = (plan: Pick<ShardPlan, 'runId' | 'shards'>): Array<{ runId: string; shard: string }> =>
  plan.shards.map((s) => ({ runId: plan.runId, shard: s.id }));

const ShardPlanSchema = z.object({
  schemaVersion: z.literal(1),
  runId: z.string(),
  configDigest: z.string(),
  requests: z.number().int().min(0),
  shards: z.array(
    z.object({
      id: z.string().min(1),
      collector: z.string().min(1),
      config: z.unknown(),
      scope: ScopeSchema.optional(),
    }),
  ),
});

const safeId = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');

type Sources = Config['sources'];
type AwsSection = NonNullable<Sources['aws']>;
type ListAccounts = Extract<AwsSection['accounts'], { mode: 'list' }>;

/**
 * The AWS accounts a plan splits, or undefined when the AWS collectors stay one shard each (`accounts.mode: default`).
 * Listed accounts come from the config; an organization's are discovered once here, through the collectors' own
 * discovery (organizations:ListAccounts), and a failed discovery fails the plan: nothing is half-planned.
 */
export async function planAccounts(config: Pick<Config, 'sources' | 'resolveSecret'>): Promise<{
  accounts?: PlannedAccount[];
  requests: number;
}> {
  const aws = config.sources.aws;
  if (!aws || aws.accounts.mode === 'default') return { requests: 0 };
  if (aws.accounts.mode === 'list')
    return { accounts: aws.accounts.accounts.map((a) => ({ ...a, direct: false })), requests: 0 };
  let requests = 0;
  // Bounded by the per-request time limit and attempts, as the collectors' own shared discovery is.
  const found = await discoverAccounts({
    config: aws,
    secret: config.resolveSecret,
    countRequest: () => {
      requests++;
    },
    signal: new AbortController().signal,
  });
  if (found.failure)
    throw new CollectorError(
      `the plan cannot split the organization's accounts: ${found.failure.operation} failed: ${describeAwsError(found.failure.err)}`,
      found.failure.operation,
      undefined,
      { cause: found.failure.err },
    );
  return { accounts: found.targets.map((t) => ({ ...t.account, direct: t.roleArn === null })), requests };
}

/**
 * The AWS section one account's shard reads: a member account as a `list` of itself (its role assumed as the whole
 * run would); the base credentials' own account as `default` under its name (read with them, as organization mode
 * reads it).
 */
function accountSection(aws: AwsSection, account: PlannedAccount): AwsSection {
  if (account.direct) return { ...aws, accounts: { mode: 'default', ...(account.name ? { name: account.name } : {}) } };
  const { roleName, externalId } = aws.accounts as ListAccounts;
  const accounts: ListAccounts = {
    mode: 'list',
    roleName,
    ...(externalId ? { externalId } : {}),
    accounts: [{ id: account.id, ...(account.name ? { name: account.name } : {}) }],
  };
  return { ...aws, accounts };
}

/**
 * Splits each configured collector along its source's slices: GitHub per organization, AWS per account (listed or
 * discovered: `awsAccounts`), Workspace per customer. A collector that reads the organization once
 * (`organizationLevel`) gets one shard over its whole section.
 */
export function planShards(
  config: Pick<Config, 'sources'>,
  collectors: ReadonlyMap<string, Collector>,
  awsAccounts?: readonly PlannedAccount[],
): Shard[] {
  const shards: Shard[] = [];
  for (const c of collectors.values()) {
    const section = config.sources[c.source as keyof Sources];
    if (section === undefined) continue;
    if (c.organizationLevel === true) {
      shards.push({ id: c.id, collector: c.id, config: section });
    } else if (c.source === 'github') {
      const gh = section as NonNullable<Sources['github']>;
      for (const org of gh.orgs)
        shards.push({
          id: `${c.id}.${safeId(org)}`,
          collector: c.id,
          config: { ...gh, orgs: [org] },
          scope: { kind: 'github-org', id: org },
        });
    } else if (c.source === 'aws' && awsAccounts) {
      for (const account of awsAccounts)
        shards.push({
          id: `${c.id}.${account.id}`,
          collector: c.id,
          config: accountSection(section as AwsSection, account),
          scope: { kind: 'aws-account', id: account.id, ...(account.name ? { name: account.name } : {}) },
        });
    } else {
      shards.push({ id: c.id, collector: c.id, config: section });
    }
  }
  return shards;
}

/** Plans the run and stores the plan under it (write-once); returns what was stored. */
export async function storeShardPlan(
  config: Config,
  run: { runId: string; startedAt: string },
  collectors: ReadonlyMap<string, Collector>,
  store: EvidenceStore,
  log: Logger,
): Promise<ShardPlan> {
  const { accounts, requests } = await planAccounts(config);
  const plan: ShardPlan = {
    schemaVersion: 1,
    runId: run.runId,
    configDigest: config.digest,
    requests,
    shards: planShards(config, collectors, accounts),
  };
  await store.blobs.checkWritable();
  const writer = store.beginRun(run.runId, new Date(run.startedAt));
  await writer.add(PLAN_PATH, Buffer.from(JSON.stringify(plan, null, 2)), 'application/json');
  await writer.add(MAP_ITEMS_PATH, Buffer.from(JSON.stringify(mapItems(plan))), 'application/json');
  log.info({ runId: run.runId, shards: plan.shards.length, accounts: accounts?.length, requests }, 'run planned');
  return plan;
}

/** The stored plan and its bytes, with its map items' (the evaluation lists both in the manifest as stored). */
export async function readShardPlan(
  config: Pick<Config, 'digest' | 'file'>,
  runId: string,
  store: EvidenceStore,
): Promise<{ plan: ShardPlan; bytes: Uint8Array; items?: Uint8Array }> {
  const bytes = await readOrUndefined(store.blobs, artifactKey(runId, PLAN_PATH));
  if (!bytes)
    throw new EvidenceError(
      `run ${runId} has no plan at ${artifactKey(runId, PLAN_PATH)} in ${store.blobs.location}: ` +
        "a sharded run starts with `assay shards plan` (the state machine's Plan step)",
      { code: 'missing' },
    );
  let plan: ShardPlan;
  try {
    plan = ShardPlanSchema.parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch (e) {
    throw new EvidenceError(`${artifactKey(runId, PLAN_PATH)}: not a shard plan (${String(e)})`, { cause: e });
  }
  if (plan.runId !== runId)
    throw new EvidenceError(`${artifactKey(runId, PLAN_PATH)} is the plan of run ${plan.runId}, not ${runId}`);
  if (plan.configDigest !== config.digest)
    throw new ConfigError(
      `${config.file} changed since run ${runId} was planned (plan ${plan.configDigest}, now ${config.digest}): ` +
        'its shards are not collected or evaluated under another config; start a new run',
    );
  const items = await readOrUndefined(store.blobs, artifactKey(runId, MAP_ITEMS_PATH));
  return { plan, bytes, ...(items ? { items } : {}) };
}
