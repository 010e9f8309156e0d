import type { Resource } from '../finding.js';
import type { Account, GraphSystem, PeopleGraph, Person, SystemRead } from '../datasets/people.js';

/** Pure helpers the people checks share: system names, failed reads, a person's accounts, durations. */

export const SYSTEM_LABEL: Record<GraphSystem, string> = {
  'google-workspace': 'Google Workspace',
  github: 'GitHub',
  'aws-iam': 'AWS IAM',
  'aws-identity-center': 'IAM Identity Center',
  'aws-cloudtrail': 'AWS CloudTrail',
};

export const ACCOUNT_SYSTEMS = ['github', 'aws-iam', 'aws-identity-center'] as const;
export type AccountSystem = (typeof ACCOUNT_SYSTEMS)[number];

/** The reads of `system` that failed, one per scope. */
export const failedReads = (graph: PeopleGraph, system: GraphSystem): SystemRead[] =>
  graph.systems.filter((s) => s.system === system && s.failures.length > 0);

/** `GitHub acme (GET /orgs/{org}/members: HTTP 403 forbidden)` */
export const describeRead = (r: SystemRead): string =>
  `${SYSTEM_LABEL[r.system]} ${r.scope} (${r.failures.map((f) => `${f.operation}: ${f.message}`).join('; ')})`;

export const accountsOf = (graph: PeopleGraph, email: string): Account[] =>
  graph.accounts.filter((a) => a.person === email);

/** `GitHub ana-gh in acme` */
export const describeAccount = (a: Pick<Account, 'system' | 'name' | 'scope'>): string =>
  `${SYSTEM_LABEL[a.system]} ${a.name} in ${a.scope}`;

export const personResource = (p: Pick<Person, 'email' | 'name'>, suffix?: string): Resource => ({
  type: 'person',
  id: suffix ? `${p.email} ${suffix}` : p.email,
  ...(p.name ? { name: p.name } : {}),
});

export const accountResource = (a: Pick<Account, 'system' | 'scope' | 'id' | 'name'>): Resource => ({
  type: `${a.system}-account`,
  id: `${a.scope}/${a.id}`,
  name: a.name,
});

export const hoursBetween = (from: string, to: string | Date): number =>
  Math.round(((typeof to === 'string' ? Date.parse(to) : to.getTime()) - Date.parse(from)) / 360_000) / 10;

/** `Reports admin event SUSPEND_USER at …` or `first seen suspended by the run at …` */
export const describeOffboarding = (p: Person): string =>
  p.offboarding
    ? p.offboarding.source === 'admin-event'
      ? `offboarded ${p.offboarding.at} (Workspace admin event ${p.offboarding.event}${p.offboarding.actor ? ` by ${p.offboarding.actor}` : ''})`
      : `offboarded by ${p.offboarding.at} (first run that saw the account ${p.offboarding.event})`
    : 'active';
