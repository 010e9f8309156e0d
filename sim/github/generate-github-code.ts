import type { Random } from '../random.js';
import { randomPerson } from '../random-person.js';
import type {
  SimOrgCode,
  SimOutsideCollaborator,
  SimRepo,
  SimRepoPermission,
  SimRuleset,
} from './github-code-state.js';
import { generateAlerts } from './generate-github-alerts.js';
import { DRAWN, guardRepo, PLANTED, type Guard } from './generate-github-guards.js';
import type { GithubState, SimGithubOrg, SimGithubUser } from './github-state.js';

export interface GenerateGithubCodeOptions {
  /** Repositories per organization (at least 12, so every kind of violation fits in the first one). */
  reposPerOrg: number;
}

const WORDS = [
  'api',
  'web',
  'core',
  'auth',
  'billing',
  'search',
  'ingest',
  'infer',
  'train',
  'eval',
  'data',
  'docs',
  'gateway',
  'ledger',
  'notify',
  'vector',
  'tokens',
  'agents',
  'portal',
  'tools',
];
const SUFFIX = ['service', 'lib', 'app', 'worker', 'cli', 'sdk', 'pipeline', 'jobs', 'ui', 'infra'];
const MIN_REPOS = 12;

const isoDaysAgo = (rng: Random, min: number, max: number) =>
  new Date(Date.UTC(2025, 0, 1) - rng.between(min, max) * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Repositories, rulesets, outside collaborators and secret-scanning alerts for every organization of `state`, with
 * violations planted in each: the first organization gets every kind at least once. Outside collaborators are new
 * accounts, added to `state.users`.
 */
export function generateGithubCode(
  rng: Random,
  state: GithubState,
  opts: GenerateGithubCodeOptions,
): Record<string, SimOrgCode> {
  if (!Number.isInteger(opts.reposPerOrg) || opts.reposPerOrg < MIN_REPOS) {
    throw new RangeError(`reposPerOrg must be an integer of at least ${MIN_REPOS}, got ${opts.reposPerOrg}`);
  }
  const ids = new Set<number>([...state.users.map((u) => u.id), ...state.orgs.map((o) => o.id)]);
  const uniqueId = (min: number, max: number) => {
    let id = rng.between(min, max);
    while (ids.has(id)) id = rng.between(min, max);
    ids.add(id);
    return id;
  };
  plantOrgSettings(state);
  const code: Record<string, SimOrgCode> = {};
  state.orgs.forEach((org, i) => {
    code[org.login] = generateOrg(rng.fork(org.login), state, org, i === 0, opts.reposPerOrg, uniqueId);
  });
  return code;
}

/**
 * The first organization gives every member write access by default, and has more owners than the owner-count
 * check's default maximum (5) unless another organization is already outside 2 to 5.
 */
function plantOrgSettings(state: GithubState): void {
  const first = state.orgs[0]!;
  first.settings.default_repository_permission = 'write';
  const owners = (o: SimGithubOrg) => o.members.filter((m) => m.role === 'admin').length;
  if (state.orgs.some((o) => owners(o) < 2 || owners(o) > 5)) return;
  const keep = state.tokens[first.memberToken]; // the plain member whose token tests use stays a member
  for (const m of first.members) if (m.role === 'member' && m.login !== keep && owners(first) < 6) m.role = 'admin';
}

function generateOrg(
  rng: Random,
  state: GithubState,
  org: SimGithubOrg,
  first: boolean,
  count: number,
  uniqueId: (min: number, max: number) => number,
): SimOrgCode {
  const enterprise = org.plan.name === 'enterprise';
  const ruleset = (over: Partial<SimRuleset> & Pick<SimRuleset, 'name' | 'source' | 'sourceName'>): SimRuleset => {
    const id = uniqueId(100_000, 9_999_999);
    return {
      id,
      nodeId: `RRS_${Buffer.from(`ruleset:${id}`).toString('base64url')}`,
      enforcement: 'active',
      refInclude: ['~DEFAULT_BRANCH'],
      repoInclude: [],
      repoExclude: [],
      rules: [
        {
          type: 'pull_request',
          requiredApprovingReviewCount: 1,
          dismissStaleReviewsOnPush: true,
          requireLastPushApproval: true,
        },
        { type: 'non_fast_forward' },
      ],
      bypass: [],
      createdAt: isoDaysAgo(rng, 200, 600),
      updatedAt: isoDaysAgo(rng, 1, 199),
      ...over,
    };
  };
  const rulesets = [
    ruleset({
      name: 'Protect service default branches',
      source: 'Organization',
      sourceName: org.login,
      repoInclude: ['svc-*'],
      bypass: [{ actorType: 'OrganizationAdmin', actorId: null, bypassMode: 'always' }],
    }),
    ruleset({
      name: 'Trial: experiment branches',
      source: 'Organization',
      sourceName: org.login,
      enforcement: 'evaluate',
      repoInclude: ['exp-*'],
    }),
    ruleset({
      name: 'Release tags',
      source: 'Organization',
      sourceName: org.login,
      refInclude: ['refs/heads/release/*'],
      repoInclude: ['~ALL'],
      rules: [{ type: 'deletion' }],
    }),
  ];

  const names = new Set<string>();
  const repoName = (prefix: string) => {
    let name = `${prefix}${rng.pick(WORDS)}-${rng.pick(SUFFIX)}`;
    for (let n = 2; names.has(name); n++) name = `${prefix}${rng.pick(WORDS)}-${rng.pick(SUFFIX)}${n}`;
    names.add(name);
    return name;
  };
  const guards: Guard[] = Array.from({ length: count }, (_, k) =>
    first && k < PLANTED.length ? PLANTED[k]! : rng.pick(DRAWN),
  );
  const repos = guards.map((guard, k) => {
    const archived = !(first && k < PLANTED.length) && rng.chance(0.08);
    const visibility =
      first && k < 3 ? 'public' : rng.chance(0.3) ? 'public' : enterprise && rng.chance(0.3) ? 'internal' : 'private';
    const repo: SimRepo = {
      id: uniqueId(200_000_000, 900_000_000),
      name: repoName(guard === 'org-ruleset' ? 'svc-' : guard === 'org-ruleset-evaluate' ? 'exp-' : ''),
      description: rng.chance(0.7) ? `The ${rng.pick(WORDS)} ${rng.pick(SUFFIX)} of ${org.name}` : null,
      visibility,
      archived,
      defaultBranch: guard === 'empty' ? null : rng.chance(0.85) ? 'main' : 'master',
      protection: null,
      rulesets: [],
      security: securityFor(rng, visibility, enterprise),
      collaborators: [],
      createdAt: isoDaysAgo(rng, 300, 2500),
      pushedAt: isoDaysAgo(rng, 0, 299),
    };
    guardRepo(rng, repo, guard, ruleset);
    return repo;
  });
  if (first) plantSecurityGaps(repos);

  addOutsideCollaborators(rng, state, org, repos, first, uniqueId);
  return { repos, rulesets, alerts: generateAlerts(rng, repos, first) };
}

function securityFor(rng: Random, visibility: SimRepo['visibility'], enterprise: boolean): SimRepo['security'] {
  const pub = visibility === 'public';
  const ghas = pub
    ? undefined
    : enterprise
      ? rng.chance(0.85)
        ? 'enabled'
        : 'disabled'
      : rng.chance(0.25)
        ? 'enabled'
        : 'disabled';
  const available = pub || ghas === 'enabled';
  const scanning = available && rng.chance(0.9) ? 'enabled' : 'disabled';
  const push = scanning === 'enabled' && rng.chance(0.85) ? 'enabled' : 'disabled';
  return {
    ...(ghas ? { advanced_security: ghas } : {}),
    secret_scanning: scanning,
    secret_scanning_push_protection: push,
  };
}

/** The first organization's first public repositories: one without secret scanning, one with scanning but no push protection. */
function plantSecurityGaps(repos: SimRepo[]): void {
  const [a, b, c] = repos;
  a!.security = { secret_scanning: 'disabled', secret_scanning_push_protection: 'disabled' };
  b!.security = { secret_scanning: 'enabled', secret_scanning_push_protection: 'disabled' };
  c!.security = { secret_scanning: 'enabled', secret_scanning_push_protection: 'enabled' };
}

/** An organization that requires 2FA removes outside collaborators without it, as it does members. */
function outsideUser(
  rng: Random,
  state: GithubState,
  org: SimGithubOrg,
  uniqueId: (min: number, max: number) => number,
): SimGithubUser {
  const p = randomPerson(rng);
  const base = `${p.first}-${p.last}-ext`.toLowerCase();
  let login = base;
  for (let n = 2; state.users.some((u) => u.login === login); n++) login = `${base}${n}`;
  const user: SimGithubUser = {
    login,
    id: uniqueId(1_000_000, 180_000_000),
    name: p.name,
    email: null,
    createdAt: '2021-03-04T05:06:07Z',
    twoFactor: rng.chance(0.7) || org.settings.two_factor_requirement_enabled ? 'enabled' : 'disabled',
  };
  state.users.push(user);
  return user;
}

function addOutsideCollaborators(
  rng: Random,
  state: GithubState,
  org: SimGithubOrg,
  repos: SimRepo[],
  first: boolean,
  uniqueId: (min: number, max: number) => number,
): void {
  const people = Array.from({ length: 3 + rng.int(3) }, () => outsideUser(rng, state, org, uniqueId));
  if (first) people[2]!.twoFactor = 'disabled'; // the first organization does not require 2FA
  const grant = (repo: SimRepo, login: string, permission: SimRepoPermission) => {
    const c: SimOutsideCollaborator = { login, permission };
    repo.collaborators = [...repo.collaborators.filter((x) => x.login !== login), c];
  };
  for (const p of people) {
    for (let k = 1 + rng.int(3); k > 0; k--)
      grant(rng.pick(repos), p.login, rng.pick(['write', 'read', 'read', 'triage', 'maintain'] as const));
  }
  const active = repos.filter((r) => !r.archived);
  if (first || rng.chance(0.5)) grant(rng.pick(active), people[0]!.login, 'admin');
  const archived = repos.find((r) => r.archived);
  if (archived) grant(archived, people[1]!.login, 'admin'); // skipped by the check: archived
}
