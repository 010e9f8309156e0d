import type { PeopleGraph } from '../../../src/model/datasets/people.js';
import { ORGANIZATION_SCOPE } from '../../../src/model/derivation.js';
import type { MissingDataset, Snapshot } from '../../../src/model/snapshot.js';
import type { HarnessInput } from '../../support/check-harness.js';
import {
  ACCOUNT,
  D,
  failed,
  ghUser,
  githubSnapshot,
  googleSnapshot,
  graphOf,
  gUser,
  iamSnapshot,
  identityCenterSnapshot,
  NOW,
  peopleConfig,
} from '../../people/people-fixtures.js';

export { ACCOUNT, D, NOW, failed };
export const scope = ORGANIZATION_SCOPE;
export const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();
export const email = (local: string) => `${local}@${D}`;

export interface Variant {
  githubMissing?: Record<string, MissingDataset>;
  iamMissing?: Record<string, MissingDataset>;
  /** Override of the CTO's GitHub second factor. */
  ctoSmsOnly?: boolean;
}

/**
 * A small organization: two executives (the CTO's GitHub login is SMS-only unless told otherwise), a leaver 50 h
 * ago whose GitHub membership and access key outlived them (the key used 10 h ago), a leaver 2 h ago, a person
 * deleted 100 h ago still assigned in Identity Center, an orphan, a service account, a shared login.
 */
export function scenarioSnapshots(v: Variant = {}): Snapshot[] {
  const saml = ['ceo', 'cto', 'leaver', 'fresh'].map((p) => ({ login: `${p}-gh`, nameId: email(p) }));
  return [
    googleSnapshot(
      [
        gUser('ceo'),
        gUser('cto'),
        gUser('dev'),
        gUser('leaver', { suspended: true }),
        gUser('fresh', { suspended: true }),
      ],
      {
        'google-workspace.executives': { groups: [], emails: [email('ceo'), email('cto')], orgUnits: [] },
        'google-workspace.userAdminEvents': {
          since: at(24 * 180),
          events: [
            { time: at(50), name: 'SUSPEND_USER', userEmail: email('leaver'), actorEmail: email('admin') },
            { time: at(2), name: 'SUSPEND_USER', userEmail: email('fresh') },
            { time: at(100), name: 'DELETE_USER', userEmail: email('gone') },
          ],
        },
      },
    ),
    githubSnapshot(
      {
        'github.members': ['ceo-gh', 'cto-gh', 'leaver-gh', 'fresh-gh', 'stranger', 'deploy-bot', 'shared'].map((l) =>
          ghUser(l),
        ),
        'github.owners': [ghUser('ceo-gh')],
        'github.membersWithInsecure2fa': v.ctoSmsOnly === false ? [] : [ghUser('cto-gh')],
        'github.samlIdentities': saml,
      },
      v.githubMissing,
    ),
    iamSnapshot(
      [
        { name: 'ceo', tags: { email: email('ceo') }, password: true, mfa: true, admin: true },
        { name: 'leaver', tags: { email: email('leaver') }, key1: { active: true, lastUsed: at(10) } },
        { name: 'old-ci', admin: true, key1: { active: true, lastUsed: at(400) } },
      ],
      v.iamMissing,
    ),
    identityCenterSnapshot(
      [
        { id: 'u-ceo', userName: email('ceo') },
        { id: 'u-gone', userName: email('gone') },
      ],
      [
        { user: 'u-ceo', set: 'Admin' },
        { user: 'u-gone', set: 'ReadOnly' },
      ],
    ),
  ];
}

export const scenarioConfig = peopleConfig({
  serviceAccounts: [{ system: 'github', name: 'deploy-*', owner: email('dev') }],
  accounts: [
    { email: email('dev'), github: 'shared' },
    { email: email('ceo'), github: 'shared' },
  ],
});

export const scenario = (v: Variant = {}, previous?: PeopleGraph): PeopleGraph =>
  graphOf(scenarioSnapshots(v), scenarioConfig, previous);

export const input = (graph: PeopleGraph): HarnessInput => ({ scope, data: { 'people.graph': graph } });

export const graphFailed: HarnessInput = {
  scope,
  missing: { 'people.graph': failed('directory.users.list', 'the Workspace user list was not read: HTTP 403') },
};
