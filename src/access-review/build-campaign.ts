import type { AccessReviewConfig } from '../model/config/people-config.js';
import type { CampaignData, ReviewItem, ReviewSystem } from '../model/datasets/access-review.js';
import type { PeopleGraph } from '../model/datasets/people.js';

export const UNASSIGNED = '(unassigned)';

type Draft = Omit<ReviewItem, 'mark' | 'changes'>;

export const itemId = (system: ReviewSystem, scope: string, account: string): string => `${system}:${scope}:${account}`;

/** Who reviews an item: the person's manager, else the system's configured owner, else the default reviewer. */
function reviewerOf(manager: string | undefined, system: ReviewSystem, config: AccessReviewConfig | undefined): string {
  return manager ?? config?.reviewers[system] ?? config?.defaultReviewer ?? UNASSIGNED;
}

/** Every account of the graph, and each person's Workspace admin paths, as review items (unmarked). */
export function reviewItems(graph: PeopleGraph, config: AccessReviewConfig | undefined): Draft[] {
  const persons = new Map(graph.persons.map((p) => [p.email, p]));
  const items: Draft[] = [];
  for (const p of graph.persons.filter((x) => x.admin.length > 0)) {
    const customer = graph.systems.find((s) => s.system === 'google-workspace')?.scope ?? 'workspace';
    items.push({
      id: itemId('google-workspace', customer, p.email),
      reviewer: reviewerOf(p.manager, 'google-workspace', config),
      person: p.email,
      personState: p.state,
      system: 'google-workspace',
      scope: customer,
      account: p.email,
      name: p.email,
      access: [`Workspace user (${p.state})`],
      admin: p.admin,
    });
  }
  for (const a of graph.accounts) {
    const person = a.person === undefined ? undefined : persons.get(a.person);
    items.push({
      id: itemId(a.system, a.scope, a.id),
      reviewer: a.service ? a.service.owner : reviewerOf(person?.manager, a.system, config),
      ...(a.person !== undefined ? { person: a.person } : {}),
      ...(person ? { personState: person.state } : {}),
      system: a.system,
      scope: a.scope,
      account: a.id,
      name: a.name,
      ...(a.service ? { service: a.service.owner } : {}),
      access: a.access,
      admin: a.admin,
      ...(a.lastUsed !== undefined ? { lastUsed: a.lastUsed } : {}),
    });
  }
  return items.sort((x, y) => x.reviewer.localeCompare(y.reviewer) || x.id.localeCompare(y.id));
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** What changed in an item since the previous campaign: its person, access or admin paths (last use is not a change). */
function changesOf(now: Draft, before: ReviewItem): string[] {
  const out: string[] = [];
  if (now.person !== before.person) out.push(`person ${before.person ?? 'none'} → ${now.person ?? 'none'}`);
  if (now.personState !== before.personState)
    out.push(`state ${before.personState ?? 'none'} → ${now.personState ?? 'none'}`);
  if (!same(now.access, before.access))
    out.push(`access ${before.access.join(', ') || 'none'} → ${now.access.join(', ') || 'none'}`);
  if (!same(now.admin, before.admin))
    out.push(`admin ${before.admin.join(', ') || 'none'} → ${now.admin.join(', ') || 'none'}`);
  return out;
}

/** A campaign's items, each marked NEW or CHANGED (with what changed) against the previous campaign, plus REMOVED ones. */
export function buildCampaign(input: {
  id: string;
  period: string;
  graph: PeopleGraph;
  graphRun: CampaignData['graph'];
  config: AccessReviewConfig | undefined;
  previous: CampaignData | undefined;
}): CampaignData {
  const before = new Map((input.previous?.items ?? []).map((i) => [i.id, i]));
  const items: ReviewItem[] = reviewItems(input.graph, input.config).map((d) => {
    const prev = before.get(d.id);
    if (!prev) return { ...d, mark: 'NEW', changes: [] };
    const changes = changesOf(d, prev);
    return { ...d, mark: changes.length > 0 ? 'CHANGED' : 'UNCHANGED', changes };
  });
  const ids = new Set(items.map((i) => i.id));
  const removed = (input.previous?.items ?? [])
    .filter((i) => !ids.has(i.id))
    .map(({ mark: _m, changes: _c, ...rest }) => rest);
  return {
    id: input.id,
    period: input.period,
    graph: input.graphRun,
    ...(input.previous ? { previous: input.previous.id } : {}),
    items,
    removed,
  };
}
