import type { AccountMapping, PeopleConfig, ServiceAccountRule } from '../config/people-config.js';
import type { Account, LinkConflict } from '../datasets/people.js';
import type { RawAccount } from './system-accounts.js';

/** Link rules by trust, most trusted first; a lower rule never overrides a higher one, and a disagreement is a conflict. */
export const LINK_RULES = [
  'saml-identity',
  'scim-identity',
  'verified-email',
  'user-name',
  'email',
  'iam-tag',
  'mapping',
];

const lower = (s: string) => s.toLowerCase();

const globMatch = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  ).test(value);

function serviceRule(a: RawAccount, rules: readonly ServiceAccountRule[]): Account['service'] {
  for (const r of rules) {
    if (r.system !== undefined && r.system !== a.system) continue;
    if (r.name !== undefined && globMatch(r.name, a.name))
      return { owner: r.owner, rule: `name ${r.name}${r.system ? ` in ${r.system}` : ''}` };
    if (r.tag !== undefined && a.tags) {
      const [key, value] = r.tag.split('=', 2) as [string, string | undefined];
      if (a.tags.some((t) => t.Key === key && (value === undefined || t.Value === value)))
        return { owner: r.owner, rule: `tag ${r.tag}` };
    }
  }
  return undefined;
}

function mappingClaims(a: RawAccount, mappings: readonly AccountMapping[]): Array<[string, string]> {
  return mappings
    .filter((m) =>
      a.system === 'github'
        ? m.github !== undefined && lower(m.github) === lower(a.id)
        : a.system === 'aws-iam'
          ? m.iamUser === a.id
          : m.identityCenterUser !== undefined && lower(m.identityCenterUser) === lower(a.name),
    )
    .map((m) => ['mapping', m.email]);
}

/**
 * Links each account to the one person its claims name. Claims naming no person of record are dropped (an external
 * email is no link); claims naming two people leave the account unlinked and make a conflict, whatever their trust.
 */
export function linkAccounts(
  raw: readonly RawAccount[],
  people: ReadonlySet<string>,
  config: Pick<PeopleConfig, 'accounts' | 'serviceAccounts'>,
): { accounts: Account[]; conflicts: LinkConflict[] } {
  const accounts: Account[] = [];
  const conflicts: LinkConflict[] = [];
  for (const a of raw) {
    const { claims: own, tags: _tags, ...rest } = a;
    const claims = [...own, ...mappingClaims(a, config.accounts)]
      .filter(([, email]) => people.has(email))
      .sort(([r1], [r2]) => LINK_RULES.indexOf(r1) - LINK_RULES.indexOf(r2));
    const persons = [...new Set(claims.map(([, email]) => email))];
    const service = serviceRule(a, config.serviceAccounts);
    if (persons.length > 1) {
      conflicts.push({
        system: a.system,
        scope: a.scope,
        account: a.id,
        name: a.name,
        claims: claims.map(([rule, person]) => ({ person, rule })),
      });
    }
    const first = persons.length === 1 ? claims[0] : undefined;
    accounts.push({
      ...rest,
      ...(first ? { person: first[1], linkedBy: first[0] } : {}),
      ...(service ? { service } : {}),
    });
  }
  return { accounts, conflicts };
}
