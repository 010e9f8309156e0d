import type { Random } from '../random.js';
import { randomPerson } from '../random-person.js';
import type { GithubState, SimGithubMembership, SimGithubOrg, SimGithubUser, TwoFactor } from './github-state.js';
import { generateGithubCode } from './generate-github-code.js';
import { generateGithubPulls } from './generate-github-pulls.js';

export interface GenerateGithubOptions {
  orgs: number;
  /** Members of each organization, owners included (at least 8). */
  membersPerOrg: number;
  /** Repositories of each organization (default 24, at least 12); see generate-github-code.ts. */
  reposPerOrg?: number;
  /** The clock merged pull requests are dated against (default: now). */
  now?: Date;
}

const COMPANIES = [
  { slug: 'acme', name: 'Acme' },
  { slug: 'globex', name: 'Globex' },
  { slug: 'initech', name: 'Initech' },
  { slug: 'hooli', name: 'Hooli' },
  { slug: 'vandelay', name: 'Vandelay Industries' },
  { slug: 'stark-labs', name: 'Stark Labs' },
] as const;
const UNITS = ['research', 'platform', 'labs', 'data', 'ml', 'infra', 'mobile', 'security'] as const;
const LOCATIONS = [
  'Berlin, Germany',
  'Lisbon, Portugal',
  'Toronto, Canada',
  'Singapore',
  'Austin, TX',
  'Dublin, Ireland',
];
const MIN_MEMBERS = 8;

const isoDate = (rng: Random, fromYear: number, toYear: number): string =>
  new Date(
    Date.UTC(rng.between(fromYear, toYear), rng.int(12), rng.between(1, 28), rng.int(24), rng.int(60), rng.int(60)),
  )
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');

/**
 * A seeded set of GitHub organizations with planted 2FA violations:
 * the first organization does not require 2FA and has members, one of them an owner, without 2FA; the second (if any)
 * requires it; the rest are drawn. As on GitHub, an organization that requires 2FA has no member without it
 * (they are removed when the requirement is turned on), so 2FA-disabled members only appear where it is off.
 * https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-two-factor-authentication-for-your-organization/requiring-two-factor-authentication-in-your-organization
 */
export function generateGithub(rng: Random, opts: GenerateGithubOptions): GithubState {
  if (!Number.isInteger(opts.orgs) || opts.orgs < 1)
    throw new RangeError(`orgs must be a positive integer, got ${opts.orgs}`);
  if (!Number.isInteger(opts.membersPerOrg) || opts.membersPerOrg < MIN_MEMBERS) {
    throw new RangeError(`membersPerOrg must be an integer of at least ${MIN_MEMBERS}, got ${opts.membersPerOrg}`);
  }
  const users: SimGithubUser[] = [];
  const tokens: Record<string, string> = {};
  const ids = new Set<number>();
  const uniqueId = (min: number, max: number): number => {
    let id = rng.between(min, max);
    while (ids.has(id)) id = rng.between(min, max);
    ids.add(id);
    return id;
  };
  const newUser = (twoFactor: TwoFactor): SimGithubUser => {
    const p = randomPerson(rng);
    const style = rng.int(3);
    const base = (
      style === 0 ? `${p.first}-${p.last}` : style === 1 ? `${p.first}${p.last[0]}` : `${p.first[0]}${p.last}`
    ).toLowerCase();
    let login = base;
    for (let n = 2; users.some((u) => u.login === login); n++) login = `${base}${n}`;
    const user: SimGithubUser = {
      login,
      id: uniqueId(1_000_000, 180_000_000),
      name: p.name,
      email: rng.chance(0.4) ? `${login}@users.noreply.example` : null,
      createdAt: isoDate(rng, 2011, 2023),
      twoFactor,
    };
    users.push(user);
    return user;
  };
  const newToken = (kind: 'owner' | 'member', user: SimGithubUser): string => {
    const token = `sim-${kind}-token-${rng.hex(24)}`;
    tokens[token] = user.login;
    return token;
  };

  const company = rng.pick(COMPANIES);
  const units = rng.shuffle(UNITS);
  const admin = newUser('enabled');
  const adminToken = newToken('owner', admin);

  const orgs: SimGithubOrg[] = [];
  for (let i = 0; i < opts.orgs; i++) {
    const unit = i === 0 ? undefined : (units[i - 1] ?? `unit${i}`);
    const login = unit ? `${company.slug}-${unit}` : company.slug;
    const requires2fa = i === 0 ? false : i === 1 ? true : rng.chance(0.5);
    const members = new Map<string, SimGithubMembership>();
    const add = (u: SimGithubUser, role: SimGithubMembership['role'], isPublic = rng.chance(0.3)) =>
      members.set(u.login, { login: u.login, role, public: isPublic });

    add(admin, 'admin', true);
    const owner = newUser('enabled');
    add(owner, 'admin');
    const plain = newUser(rng.chance(0.5) ? 'enabled' : 'insecure');
    add(plain, 'member');
    if (!requires2fa) {
      if (i === 0 || rng.chance(0.5)) add(newUser('disabled'), 'admin');
      for (let k = 2 + rng.int(3); k > 0; k--) add(newUser('disabled'), 'member');
    }
    while (members.size < opts.membersPerOrg) {
      const reusable = users.filter((u) => !members.has(u.login) && !(requires2fa && u.twoFactor === 'disabled'));
      const user =
        reusable.length > 0 && rng.chance(0.15) ? rng.pick(reusable) : newUser(drawTwoFactor(rng, requires2fa));
      add(user, rng.chance(0.06) ? 'admin' : 'member');
    }

    const membersCanCreate = rng.chance(0.5);
    const privateRepos = rng.between(5, 300);
    orgs.push({
      login,
      id: uniqueId(10_000_000, 190_000_000),
      name: unit ? `${company.name} ${unit[0]!.toUpperCase()}${unit.slice(1)}` : company.name,
      description: rng.chance(0.8) ? `${unit ? `The ${unit} team at ` : ''}${company.name}` : null,
      blog: `https://${company.slug}.example`,
      location: rng.pick(LOCATIONS),
      email: `opensource@${company.slug}.example`,
      billingEmail: `billing@${company.slug}.example`,
      isVerified: rng.chance(0.7),
      createdAt: isoDate(rng, 2012, 2020),
      updatedAt: isoDate(rng, 2024, 2025),
      publicRepos: rng.between(0, 60),
      privateRepos,
      plan: {
        name: i === 0 || rng.chance(0.3) ? 'enterprise' : 'team',
        seats: opts.membersPerOrg + rng.between(0, 20),
      },
      settings: {
        two_factor_requirement_enabled: requires2fa,
        default_repository_permission: rng.pick(['read', 'read', 'write', 'none'] as const),
        members_can_create_repositories: membersCanCreate,
        members_can_create_public_repositories: membersCanCreate && rng.chance(0.5),
        members_can_create_private_repositories: membersCanCreate,
        members_can_fork_private_repositories: rng.chance(0.3),
        web_commit_signoff_required: rng.chance(0.2),
        deploy_keys_enabled_for_repositories: rng.chance(0.6),
      },
      members: [...members.values()],
      ownerToken: newToken('owner', owner),
      memberToken: newToken('member', plain),
    });
  }
  // SAML SSO with no identity yet (sim/people/plant-people.ts adds them): so its read is made, like GitHub Enterprise Cloud's.
  const identity = Object.fromEntries(orgs.map((o) => [o.login, { saml: [], verifiedEmails: {} }]));
  const state: GithubState = { users, orgs, tokens, adminToken, code: {}, pulls: {}, identity };
  state.code = generateGithubCode(rng.fork('code'), state, { reposPerOrg: opts.reposPerOrg ?? 24 });
  state.pulls = generateGithubPulls(rng.fork('pulls'), state, opts.now ?? new Date());
  return state;
}

function drawTwoFactor(rng: Random, requires2fa: boolean): TwoFactor {
  const r = rng.next();
  if (requires2fa) return r < 0.1 ? 'insecure' : 'enabled';
  return r < 0.05 ? 'disabled' : r < 0.13 ? 'insecure' : 'enabled';
}
