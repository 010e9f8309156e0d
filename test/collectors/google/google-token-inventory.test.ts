import { describe, expect, it } from 'vitest';
import {
  applyTokenEvents,
  bootstrapReason,
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
