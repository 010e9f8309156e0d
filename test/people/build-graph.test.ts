import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  arn,
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
} from './people-fixtures.js';

const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR).toISOString();
const link = (g: ReturnType<typeof graphOf>, system: string, name: string) => {
  const a = g.accounts.find((x) => x.system === system && x.name === name)!;
  return [a.person, a.linkedBy];
};

describe('identity graph: linking', () => {
  it('links each system by its rules, most trusted first', () => {
    const g = graphOf(
      [
        googleSnapshot([gUser('ana'), gUser('bo'), gUser('cy'), gUser('di')]),
        githubSnapshot({
          'github.members': [ghUser('ana-gh'), ghUser('bo-gh'), ghUser('cy-gh')],
          'github.samlIdentities': [{ login: 'ana-gh', nameId: `ANA@${D}` }],
          'github.verifiedDomainEmails': [
            { login: 'ana-gh', emails: [`ana@${D}`] },
            { login: 'bo-gh', emails: [`bo@${D}`] },
          ],
        }),
        iamSnapshot([{ name: 'cy-admin', tags: { email: `cy@${D}` } }, { name: `di@${D}` }]),
        identityCenterSnapshot(
          [
            { id: 'u-1', userName: `ana@${D}` },
            { id: 'u-2', userName: 'bo', emails: [`bo@${D}`] },
          ],
          [],
        ),
      ],
      peopleConfig({ accounts: [{ email: `cy@${D}`, github: 'cy-gh' }] }),
    );
    expect(link(g, 'github', 'ana-gh')).toEqual([`ana@${D}`, 'saml-identity']);
    expect(link(g, 'github', 'bo-gh')).toEqual([`bo@${D}`, 'verified-email']);
    expect(link(g, 'github', 'cy-gh')).toEqual([`cy@${D}`, 'mapping']);
    expect(link(g, 'aws-iam', 'cy-admin')).toEqual([`cy@${D}`, 'iam-tag']);
    expect(link(g, 'aws-iam', `di@${D}`)).toEqual([`di@${D}`, 'user-name']);
    expect(link(g, 'aws-identity-center', `ana@${D}`)).toEqual([`ana@${D}`, 'user-name']);
    expect(link(g, 'aws-identity-center', 'bo')).toEqual([`bo@${D}`, 'email']);
    expect(g.conflicts).toEqual([]);
  });

  it('makes a conflict, not a guess, when rules disagree or two people claim one account', () => {
    const g = graphOf(
      [
        googleSnapshot([gUser('ana'), gUser('bo')]),
        githubSnapshot({
          'github.members': [ghUser('shared'), ghUser('ana-gh')],
          'github.samlIdentities': [{ login: 'ana-gh', nameId: `ana@${D}` }],
        }),
        iamSnapshot([{ name: 'ops', tags: { email: `ana@${D}` } }]),
      ],
      peopleConfig({
        accounts: [
          { email: `ana@${D}`, github: 'shared' },
          { email: `bo@${D}`, github: 'shared' },
          { email: `bo@${D}`, iamUser: arn('ops') },
        ],
      }),
    );
    expect(g.conflicts).toEqual([
      {
        system: 'github',
        scope: 'acme',
        account: 'shared',
        name: 'shared',
        claims: [
          { person: `ana@${D}`, rule: 'mapping' },
          { person: `bo@${D}`, rule: 'mapping' },
        ],
      },
      {
        system: 'aws-iam',
        scope: ACCOUNT,
        account: arn('ops'),
        name: 'ops',
        claims: [
          { person: `ana@${D}`, rule: 'iam-tag' },
          { person: `bo@${D}`, rule: 'mapping' },
        ],
      },
    ]);
    expect(link(g, 'github', 'shared')).toEqual([undefined, undefined]);
    expect(link(g, 'github', 'ana-gh')).toEqual([`ana@${D}`, 'saml-identity']);
  });

  it('ignores claims naming no person of record and marks declared service accounts with their owner', () => {
    const g = graphOf(
      [
        googleSnapshot([gUser('ana')]),
        githubSnapshot({ 'github.members': [ghUser('deploy-bot'), ghUser('stranger')] }),
        iamSnapshot([
          { name: 'ci', tags: { 'assay:service': 'true' } },
          { name: 'x', tags: { email: 'someone@elsewhere.org' } },
        ]),
      ],
      peopleConfig({
        serviceAccounts: [
          { system: 'github', name: 'deploy-*', owner: `ana@${D}` },
          { tag: 'assay:service=true', owner: `ana@${D}` },
        ],
      }),
    );
    const by = (name: string) => g.accounts.find((a) => a.name === name)!;
    expect(by('deploy-bot').service).toEqual({ owner: `ana@${D}`, rule: 'name deploy-* in github' });
    expect(by('ci').service).toEqual({ owner: `ana@${D}`, rule: 'tag assay:service=true' });
    expect(by('stranger').person).toBeUndefined();
    expect(by('x').person).toBeUndefined();
  });

  it('records access, second factor and admin paths per account', () => {
    const g = graphOf([
      googleSnapshot([gUser('ana')]),
      githubSnapshot({
        'github.members': [ghUser('a'), ghUser('b'), ghUser('c')],
        'github.owners': [ghUser('a')],
        'github.membersWithout2fa': [ghUser('b')],
        'github.membersWithInsecure2fa': [ghUser('c')],
      }),
      iamSnapshot([{ name: 'ana', password: true, mfa: false, key1: { active: true, lastUsed: at(2) }, admin: true }]),
      identityCenterSnapshot(
        [
          { id: 'u-1', userName: `ana@${D}` },
          { id: 'u-2', userName: `off@${D}`, status: 'DISABLED' },
        ],
        [
          { user: 'u-1', set: 'Admin' },
          { user: 'u-2', set: 'Admin' },
        ],
      ),
    ]);
    const by = (name: string) => g.accounts.find((a) => a.name === name)!;
    expect([by('a').mfa, by('b').mfa, by('c').mfa]).toEqual(['on', 'off', 'sms-only']);
    expect(by('a').admin).toEqual(['GitHub org owner of acme']);
    expect(by('ana')).toMatchObject({
      mfa: 'off',
      access: ['console password', 'access key 1'],
      admin: [`IAM admin in ${ACCOUNT}`],
      lastUsed: at(2),
    });
    expect(by(`ana@${D}`)).toMatchObject({
      mfa: 'workspace-2sv',
      access: ['permission set Admin in 444455556666'],
      admin: ['permission set Admin in 444455556666'],
    });
    expect(by(`off@${D}`)).toMatchObject({ access: [], admin: [] });
  });

  it('lists the failed reads of every system it used', () => {
    const g = graphOf([
      googleSnapshot([gUser('ana')]),
      githubSnapshot({}, { 'github.membersWithout2fa': failed('GET /orgs/{org}/members?filter=2fa_disabled') }),
    ]);
    expect(g.systems).toEqual([
      { system: 'google-workspace', scope: D, failures: [] },
      {
        system: 'github',
        scope: 'acme',
        failures: [
          {
            dataset: 'github.membersWithout2fa',
            operation: 'GET /orgs/{org}/members?filter=2fa_disabled',
            message: 'HTTP 403 forbidden',
          },
        ],
      },
    ]);
  });
});

describe('identity graph: GitHub identities and managers', () => {
  const saml = 'POST /graphql organization.samlIdentityProvider.externalIdentities';
  it('a failed SAML identity read is a GitHub failure (links unknown), an organization without SAML is not', () => {
    const users = [gUser('ana', { manager: `bo@${D}` }), gUser('bo')];
    const broken = graphOf([
      googleSnapshot(users),
      githubSnapshot({ 'github.members': [ghUser('ana-gh')] }, { 'github.samlIdentities': failed(saml) }),
    ]);
    expect(broken.systems.find((x) => x.system === 'github')!.failures).toEqual([
      { dataset: 'github.samlIdentities', operation: saml, message: 'HTTP 403 forbidden' },
    ]);
    const noSaml = graphOf([
      googleSnapshot(users),
      githubSnapshot(
        {
          'github.members': [ghUser('ana-gh')],
          'github.verifiedDomainEmails': [{ login: 'ana-gh', emails: [`ana@${D}`] }],
        },
        { 'github.samlIdentities': { kind: 'not_applicable', operation: saml, message: 'no SAML SSO' } },
      ),
    ]);
    expect(noSaml.systems.find((x) => x.system === 'github')!.failures).toEqual([]);
    expect(link(noSaml, 'github', 'ana-gh')).toEqual([`ana@${D}`, 'verified-email']);
    expect(noSaml.persons.map((p) => [p.email, p.manager])).toEqual([
      [`ana@${D}`, `bo@${D}`],
      [`bo@${D}`, undefined],
    ]);
  });
});

describe('identity graph: offboarding and revocations', () => {
  const events = (list: Array<{ name: string; user: string; time: string }>) => ({
    'google-workspace.userAdminEvents': {
      since: at(24 * 180),
      events: list.map((e) => ({ time: e.time, name: e.name, userEmail: e.user, actorEmail: `admin@${D}` })),
    },
  });

  it('takes the offboarding time from the admin event, else from the first run that saw it', () => {
    const g = graphOf([
      googleSnapshot(
        [gUser('ana', { suspended: true }), gUser('bo', { archived: true }), gUser('cy')],
        events([
          { name: 'SUSPEND_USER', user: `ana@${D}`, time: at(100) },
          { name: 'SUSPEND_USER', user: `ana@${D}`, time: at(50) },
          { name: 'DELETE_USER', user: `gone@${D}`, time: at(30) },
        ]),
      ),
    ]);
    const p = (local: string) => g.persons.find((x) => x.email === `${local}@${D}`)!;
    expect(p('ana').offboarding).toEqual({
      at: at(50),
      source: 'admin-event',
      event: 'SUSPEND_USER',
      actor: `admin@${D}`,
    });
    expect(p('bo').offboarding).toEqual({ at: NOW.toISOString(), source: 'first-run', event: 'archived' });
    expect(p('cy').offboarding).toBeUndefined();
    expect(p('gone')).toMatchObject({ state: 'deleted', offboarding: { at: at(30), event: 'DELETE_USER' } });
  });

  it('carries a first-run offboarding time and notices a person deleted from the directory', () => {
    const first = graphOf(
      [googleSnapshot([gUser('ana', { suspended: true }), gUser('bo')])],
      undefined,
      undefined,
      new Date(at(10)),
    );
    const second = graphOf([googleSnapshot([gUser('ana', { suspended: true })])], undefined, first);
    const p = (local: string) => second.persons.find((x) => x.email === `${local}@${D}`)!;
    expect(p('ana').offboarding).toEqual({ at: at(10), source: 'first-run', event: 'suspended' });
    expect(p('bo')).toMatchObject({ state: 'deleted', offboarding: { at: NOW.toISOString(), source: 'first-run' } });
  });

  it('opens a revocation while access is live and closes it at the first run that sees it gone', () => {
    const google = googleSnapshot(
      [gUser('ana', { suspended: true })],
      events([{ name: 'SUSPEND_USER', user: `ana@${D}`, time: at(30) }]),
    );
    const saml = { 'github.samlIdentities': [{ login: 'ana-gh', nameId: `ana@${D}` }] };
    const first = graphOf(
      [google, githubSnapshot({ ...saml, 'github.members': [ghUser('ana-gh')] })],
      undefined,
      undefined,
      new Date(at(5)),
    );
    expect(first.revocations).toEqual([
      {
        person: `ana@${D}`,
        system: 'github',
        scope: 'acme',
        account: 'ana-gh',
        name: 'ana-gh',
        offboardedAt: at(30),
        offboardingSource: 'admin-event',
      },
    ]);
    // A failed read does not close it.
    const unread = graphOf(
      [
        google,
        githubSnapshot({ ...saml, 'github.members': [] }, { 'github.members': failed('GET /orgs/{org}/members') }),
      ],
      undefined,
      first,
      new Date(at(3)),
    );
    expect(unread.revocations[0]!.revokedAt).toBeUndefined();
    const second = graphOf([google, githubSnapshot(saml)], undefined, unread);
    expect(second.revocations[0]!.revokedAt).toBe(NOW.toISOString());
  });

  it('records a revocation for access seen before the offboarding and gone after it', () => {
    const saml = { 'github.samlIdentities': [{ login: 'ana-gh', nameId: `ana@${D}` }] };
    const before = graphOf(
      [googleSnapshot([gUser('ana')]), githubSnapshot({ ...saml, 'github.members': [ghUser('ana-gh')] })],
      undefined,
      undefined,
      new Date(at(48)),
    );
    const after = graphOf(
      [
        googleSnapshot(
          [gUser('ana', { suspended: true })],
          events([{ name: 'SUSPEND_USER', user: `ana@${D}`, time: at(40) }]),
        ),
        githubSnapshot(saml),
      ],
      undefined,
      before,
    );
    expect(after.revocations).toMatchObject([
      { person: `ana@${D}`, offboardedAt: at(40), revokedAt: NOW.toISOString() },
    ]);
  });

  it('keeps CloudTrail events by an offboarded person after the offboarding', () => {
    const ev = (id: string, time: string, who: string) => ({
      eventId: id,
      eventName: 'ConsoleLogin',
      eventTime: time,
      eventSource: 'signin.amazonaws.com',
      awsRegion: 'us-east-1',
      userIdentity: { type: 'IAMUser', arn: arn(who), userName: who },
      requestParameters: {},
    });
    const window = (events: ReturnType<typeof ev>[]) => ({
      startTime: at(24 * 90),
      endTime: NOW.toISOString(),
      regions: ['us-east-1'],
      regionsNotRead: [],
      eventNames: ['ConsoleLogin'],
      events,
    });
    const g = graphOf([
      googleSnapshot(
        [gUser('ana', { suspended: true }), gUser('bo')],
        events([{ name: 'SUSPEND_USER', user: `ana@${D}`, time: at(30) }]),
      ),
      iamSnapshot([
        { name: 'ana', tags: { email: `ana@${D}` }, password: true },
        { name: 'bo', tags: { email: `bo@${D}` } },
      ]),
      {
        ...googleSnapshot([]),
        collector: 'aws-cloudtrail',
        scope: { kind: 'aws-account', id: ACCOUNT },
        data: {
          'aws-cloudtrail.consoleLoginEvents': window([
            ev('e1', at(40), 'ana'),
            ev('e2', at(20), 'ana'),
            ev('e3', at(1), 'bo'),
          ]),
        },
      },
    ]);
    expect(g.activityAfterOffboarding).toEqual([
      { account: arn('ana'), eventName: 'ConsoleLogin', eventTime: at(20), eventId: 'e2' },
    ]);
  });
});
