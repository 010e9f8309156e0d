import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import {
  applyTokenEvents,
  bootstrapReason,
  bootstrapTokenInventory,
  grantsFromInventory,
} from '../../../collectors/google/google-token-inventory.js';
import type { GoogleOauthTokenInventory } from '../../../src/model/datasets/google.js';
import { user } from '../../checks/google/google-fixtures.js';

const A = 'https://www.googleapis.com/auth/';
const NOW = new Date('2026-11-23T12:00:00.000Z');
const inventory: GoogleOauthTokenInventory = {
  bootstrappedAt: '2026-11-01T00:00:00.000Z',
  currentTo: '2026-11-22T12:00:00.000Z',
  usersListed: 3,
  grants: [
    {
      user: 'ada@example.com',
      clientId: 'c1',
      appName: 'Notes',
      scopes: [`${A}drive.file`],
      updatedAt: '2026-11-01T00:00:00.000Z',
    },
    {
      user: 'bob@example.com',
      clientId: 'c1',
      appName: 'Notes',
      scopes: [`${A}drive.file`],
      updatedAt: '2026-11-01T00:00:00.000Z',
    },
    { user: 'gone@example.com', clientId: 'c2', scopes: ['openid'], updatedAt: '2026-11-01T00:00:00.000Z' },
  ],
};
const users = [user('ada@example.com'), user('bob@example.com'), user('cy@example.com')];

describe('token inventory', () => {
  it('replays events oldest first: authorize widens a grant, revoke removes it, a later authorize restores it', () => {
    const next = applyTokenEvents(
      inventory,
      [
        {
          time: '2026-11-23T09:00:00.000Z',
          name: 'authorize',
          user: 'cy@example.com',
          clientId: 'c3',
          appName: 'Claude',
          scopes: [`${A}drive`],
        },
        { time: '2026-11-23T08:00:00.000Z', name: 'revoke', user: 'cy@example.com', clientId: 'c3', scopes: [] },
        {
          time: '2026-11-22T13:00:00.000Z',
          name: 'authorize',
          user: 'ada@example.com',
          clientId: 'c1',
          scopes: [`${A}gmail.readonly`],
        },
        { time: '2026-11-22T14:00:00.000Z', name: 'revoke', user: 'bob@example.com', clientId: 'c1', scopes: [] },
      ],
      users,
      NOW.toISOString(),
    );
    expect(next.currentTo).toBe(NOW.toISOString());
    expect(next.bootstrappedAt).toBe(inventory.bootstrappedAt);
    expect(next.grants).toEqual([
      {
        user: 'ada@example.com',
        clientId: 'c1',
        appName: 'Notes',
        scopes: [`${A}drive.file`, `${A}gmail.readonly`],
        updatedAt: '2026-11-22T13:00:00.000Z',
      },
      {
        user: 'cy@example.com',
        clientId: 'c3',
        appName: 'Claude',
        scopes: [`${A}drive`],
        updatedAt: '2026-11-23T09:00:00.000Z',
      },
    ]);
  });

  it('replaying the same events twice changes nothing (the overlap re-reads a day)', () => {
    const events = [
      {
        time: '2026-11-22T13:00:00.000Z',
        name: 'authorize' as const,
        user: 'ada@example.com',
        clientId: 'c1',
        scopes: [`${A}gmail.readonly`],
      },
    ];
    const once = applyTokenEvents(inventory, events, users, NOW.toISOString());
    expect(applyTokenEvents(once, events, users, NOW.toISOString())).toEqual(once);
  });

  it('bootstraps without a previous inventory, on a cursor that does not match it, and past the 180-day retention', () => {
    expect(bootstrapReason(inventory, inventory.currentTo, NOW)).toBeUndefined();
    expect(bootstrapReason(undefined, undefined, NOW)).toBe('no inventory in the previous run');
    expect(bootstrapReason(inventory, '2026-11-20T00:00:00.000Z', NOW)).toBe(
      'the previous inventory (to 2026-11-22T12:00:00.000Z) does not match the cursor (2026-11-20T00:00:00.000Z)',
    );
    const old = { ...inventory, currentTo: '2026-05-26T00:00:00.000Z' };
    expect(bootstrapReason(old, old.currentTo, NOW)).toBe(
      "token events since 2026-05-26T00:00:00.000Z are past Google's 180-day retention",
    );
  });

  it('folds grants per app for the check, saying the coverage is the inventory', () => {
    expect(grantsFromInventory(inventory)).toEqual({
      coverage: { kind: 'inventory', bootstrappedAt: inventory.bootstrappedAt, currentTo: inventory.currentTo },
      apps: [
        { clientId: 'c1', appName: 'Notes', scopes: [`${A}drive.file`], users: ['ada@example.com', 'bob@example.com'] },
        { clientId: 'c2', scopes: ['openid'], users: ['gone@example.com'] },
      ],
    });
  });
});

describe('token inventory bootstrap', () => {
  const policy = {
    retries: 0,
    baseDelayMs: 1,
    maxDelayMs: 1,
    maxRetryAfterMs: 1,
    signal: new AbortController().signal,
    log: pino({ level: 'silent' }),
  };
  const notFound = () =>
    Object.assign(new Error('Request failed with status code 404'), {
      config: {},
      response: {
        status: 404,
        data: { error: { code: 404, message: 'Resource Not Found: userKey', errors: [{ reason: 'notFound' }] } },
      },
    });
  const fake = (answer: (userKey: string) => unknown) => {
    const seen = { inFlight: 0, maxInFlight: 0, taken: 0, asked: [] as string[] };
    const list = async ({ userKey }: { userKey: string }) => {
      seen.asked.push(userKey);
      seen.inFlight++;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      await new Promise((r) => setTimeout(r, 5));
      seen.inFlight--;
      const data = answer(userKey);
      if (data instanceof Error) throw data;
      return { data };
    };
    const c = {
      clients: { directory: { tokens: { list } }, reports: {}, customer: 'my_customer', policy } as never,
      now: NOW,
      concurrency: 2,
      window: { take: () => (seen.taken++, Promise.resolve()) },
      call: <T>(_op: string, fn: () => Promise<T>) => fn(),
    };
    return { c, seen };
  };
  const people = [user('ada@example.com'), user('bob@example.com'), user('cy@example.com'), user('dee@example.com')];

  it('lists every user once, at most `concurrency` at a time, each through the request window; a 404 user has none', async () => {
    const { c, seen } = fake((id) =>
      id === people[1]!.id
        ? notFound()
        : id === people[0]!.id
          ? { items: [{ clientId: 'c9', displayText: 'ChatGPT', scopes: [`${A}drive`] }] }
          : {},
    );
    const inv = await bootstrapTokenInventory(c, people);
    expect(seen.asked.sort()).toEqual(people.map((u) => u.id).sort());
    expect(seen.maxInFlight).toBe(2);
    expect(seen.taken).toBe(4);
    expect(inv).toEqual({
      bootstrappedAt: NOW.toISOString(),
      currentTo: NOW.toISOString(),
      usersListed: 4,
      grants: [
        {
          user: 'ada@example.com',
          clientId: 'c9',
          appName: 'ChatGPT',
          scopes: [`${A}drive`],
          updatedAt: NOW.toISOString(),
        },
      ],
    });
  });

  it('fails on the first user whose tokens cannot be read, and stops taking more', async () => {
    const { c, seen } = fake((id) =>
      id === people[0]!.id
        ? Object.assign(new Error('Request failed with status code 403'), {
            config: {},
            response: {
              status: 403,
              data: {
                error: {
                  code: 403,
                  message: 'Not Authorized to access this resource/api',
                  errors: [{ reason: 'forbidden' }],
                },
              },
            },
          })
        : {},
    );
    await expect(bootstrapTokenInventory(c, people)).rejects.toThrow(
      'HTTP 403 forbidden: Not Authorized to access this resource/api',
    );
    expect(seen.asked.length).toBeLessThan(people.length);
  });

  it('never reads a malformed answer as "no tokens"', async () => {
    const { c } = fake(() => ({ items: 'nope' }));
    await expect(bootstrapTokenInventory(c, people.slice(0, 1))).rejects.toThrow(
      'malformed response: "items" is not a list',
    );
  });
});
