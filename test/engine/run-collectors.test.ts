import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { defineCollector } from '../../src/model/collector.js';
import { githubDatasets } from '../../src/model/datasets/github.js';
import { runCollectors } from '../../src/engine/run-collectors.js';
import type { Snapshot } from '../../src/model/snapshot.js';

const log = pino({ level: 'silent' });
const scope = { kind: 'github-org', id: 'acme' } as const;
const org = { login: 'acme', id: 1, two_factor_requirement_enabled: true };

const run = async (
  collect: Parameters<typeof defineCollector>[0]['collect'],
  timeoutMs = 2000,
  resolveSecret: () => string = () => 'x',
) => {
  const collector = defineCollector({
    id: 'github',
    source: 'github',
    title: 't',
    permissions: [{ name: 'p', why: 'w' }],
    schema: githubDatasets,
    collect,
  });
  const stored: Snapshot[] = [];
  const result = await runCollectors({
    jobs: [{ collector, config: {} }],
    concurrency: 2,
    timeoutMs,
    log,
    now: () => new Date('2026-11-23T12:00:00Z'),
    resolveSecret,
    onSnapshot: async (s) => void stored.push(s),
  });
  return { ...result, stored };
};

describe('runCollectors', () => {
  it('records each call with its HTTP request count and stores the snapshot as it completes', async () => {
    const { snapshots, runs, stored } = await run(async (ctx) => {
      await ctx.scope(scope, async (rec) => {
        await rec.dataset('github.org', (call) =>
          call('GET /orgs/{org}', async () => (ctx.countRequest(), ctx.countRequest(), org)),
        );
      });
    });
    expect(stored).toEqual(snapshots);
    const s = snapshots[0]!;
    expect(s.data['github.org']).toEqual(org);
    expect(s.calls).toMatchObject([{ operation: 'GET /orgs/{org}', dataset: 'github.org', ok: true, requests: 2 }]);
    expect(s.missing['github.members']).toEqual({
      kind: 'error',
      operation: 'collect',
      message: 'the github collector did not collect this dataset',
    });
    expect(runs[0]).toMatchObject({ collector: 'github', scopes: 1, requests: 2, timedOut: false });
  });

  it('records a failed call as a missing dataset naming the operation and status, and goes on', async () => {
    const { snapshots } = await run(async (ctx) => {
      await ctx.scope(scope, async (rec) => {
        await rec.dataset('github.membersWithout2fa', (call) =>
          call('GET /orgs/{org}/members?filter=2fa_disabled', async () => {
            throw Object.assign(new Error('Only owners can use this filter.'), { status: 422 });
          }),
        );
        await rec.dataset('github.org', (call) => call('GET /orgs/{org}', async () => org));
      });
    });
    const s = snapshots[0]!;
    expect(s.missing['github.membersWithout2fa']).toEqual({
      kind: 'error',
      operation: 'GET /orgs/{org}/members?filter=2fa_disabled',
      status: 422,
      message: 'Only owners can use this filter.',
    });
    expect(s.data['github.org']).toEqual(org);
    expect(s.calls.map((c) => [c.operation, c.ok, c.status])).toEqual([
      ['GET /orgs/{org}/members?filter=2fa_disabled', false, 422],
      ['GET /orgs/{org}', true, undefined],
    ]);
  });

  it('treats a response of the wrong shape as missing data, never as data', async () => {
    const { snapshots } = await run(async (ctx) => {
      await ctx.scope(scope, async (rec) => {
        await rec.dataset('github.members', (call) =>
          call('GET /orgs/{org}/members', async () => [{ login: 'ada' }] as never),
        );
      });
    });
    expect(snapshots[0]!.missing['github.members']).toEqual({
      kind: 'error',
      operation: 'GET /orgs/{org}/members',
      message:
        'the response did not have the expected shape at [0].id: Invalid input: expected number, received undefined',
    });
    expect(snapshots[0]!.data).not.toHaveProperty('github.members');
  });

  it('keeps what a timed-out collector collected and names the call that hung', async () => {
    const { snapshots, runs } = await run(async (ctx) => {
      await ctx.scope(scope, async (rec) => {
        await rec.dataset('github.org', (call) => call('GET /orgs/{org}', async () => org));
        await rec.dataset('github.members', (call) => call('GET /orgs/{org}/members', () => new Promise(() => {})));
      });
    }, 150);
    expect(runs[0]).toMatchObject({ timedOut: true, failedOperations: ['GET /orgs/{org}/members', 'collect'] });
    const s = snapshots[0]!;
    expect(s.data['github.org']).toEqual(org);
    expect(s.missing['github.members']).toEqual({
      kind: 'error',
      operation: 'GET /orgs/{org}/members',
      message: 'the github collector ran out of time after 0 s',
    });
  });

  it('turns a collector that fails before any scope into a snapshot of the whole source with every dataset missing', async () => {
    const { snapshots } = await run(async () => {
      throw new Error('no credentials');
    });
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.scope).toEqual({ kind: 'global', id: 'github' });
    expect(Object.keys(snapshots[0]!.missing).sort()).toEqual(Object.keys(githubDatasets).sort());
    expect(snapshots[0]!.missing['github.org']).toEqual({
      kind: 'error',
      operation: 'collect',
      message: 'no credentials',
    });
  });

  it('rejects a dataset the collector does not declare', async () => {
    const { snapshots } = await run(async (ctx) => {
      await ctx.scope(scope, async (rec) => {
        await rec.dataset('nope.x' as never, async () => 1 as never);
      });
    });
    expect(snapshots[0]!.missing['github.org']!.message).toBe('collector github does not declare dataset nope.x');
  });
});

describe('runCollectors, values shared across the collectors of a run', () => {
  const sharing = (id: string, make: () => Promise<string>, seen: unknown[]) =>
    defineCollector({
      id,
      source: 'github',
      title: 't',
      permissions: [{ name: 'p', why: 'w' }],
      schema: githubDatasets,
      async collect(ctx) {
        seen.push(await ctx.shared('discovery', make).catch((err: unknown) => `rejected: ${(err as Error).message}`));
        await ctx.scope({ kind: 'github-org', id }, async () => {});
      },
    });
  const runBoth = (make: () => Promise<string>, seen: unknown[]) =>
    runCollectors({
      jobs: ['one', 'two'].map((id) => ({ collector: sharing(id, make, seen), config: {} })),
      concurrency: 2,
      timeoutMs: 2000,
      log,
      now: () => new Date('2026-11-23T12:00:00Z'),
      resolveSecret: () => 'x',
      onSnapshot: async () => {},
    });

  it('gives every collector of one run the same value, made once; the next run makes it again', async () => {
    let made = 0;
    const seen: unknown[] = [];
    const make = async () => (await new Promise((r) => setTimeout(r, 20)), `value ${++made}`);
    await runBoth(make, seen);
    expect(seen).toEqual(['value 1', 'value 1']);
    await runBoth(make, seen);
    expect(seen.slice(2)).toEqual(['value 2', 'value 2']);
  });

  it('gives every collector the same rejection, without trying again', async () => {
    let made = 0;
    const seen: unknown[] = [];
    await runBoth(async () => {
      made++;
      throw new Error('AccessDenied');
    }, seen);
    expect(made).toBe(1);
    expect(seen).toEqual(['rejected: AccessDenied', 'rejected: AccessDenied']);
  });
});

describe('runCollectors, scopes a collector never reached', () => {
  it('adds an error snapshot for the whole source when a collector times out with scopes still queued', async () => {
    const { snapshots } = await run(async (ctx) => {
      await ctx.scope(scope, async (rec) => {
        await rec.dataset('github.org', (call) => call('GET /orgs/{org}', async () => org));
      });
      await new Promise((r) => setTimeout(r, 400));
      await ctx.scope({ kind: 'github-org', id: 'late' }, async () => {}).catch(() => {});
    }, 100);
    expect(snapshots.map((s) => s.scope.id)).toEqual(['acme', 'github']);
    expect(snapshots[1]!.scope.kind).toBe('global');
    expect(snapshots[1]!.missing['github.org']!.message).toBe('the github collector ran out of time after 0 s');
    await new Promise((r) => setTimeout(r, 400));
    expect(snapshots.map((s) => s.scope.id)).toEqual(['acme', 'github']);
  });

  it('reports a collector that found nothing to read as an error, not as silence', async () => {
    const { snapshots } = await run(async () => {});
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.missing['github.org']).toEqual({
      kind: 'error',
      operation: 'collect',
      message: 'the github collector found nothing to read (no organization, account or customer)',
    });
  });
});

describe('runCollectors, cursors for incremental reads', () => {
  const collector = defineCollector({
    id: 'github',
    source: 'github',
    title: 't',
    permissions: [{ name: 'p', why: 'w' }],
    schema: githubDatasets,
    async collect(ctx) {
      for (const id of ['acme', 'beta']) {
        await ctx.scope({ kind: 'github-org', id }, async (rec) => {
          const before = rec.previousCursor('events');
          const value = await rec.dataset('github.org', (call) =>
            call('GET /orgs/{org}', async () => {
              if (id === 'beta') throw new Error('boom');
              return org;
            }),
          );
          if (value !== undefined) rec.setCursor('events', `after-${before ?? 'start'}`);
        });
      }
    },
  });
  const once = (previousCursors?: Record<string, Record<string, Record<string, string>>>) =>
    runCollectors({
      jobs: [{ collector, config: {} }],
      concurrency: 1,
      timeoutMs: 2000,
      log,
      now: () => new Date('2026-11-23T12:00:00Z'),
      resolveSecret: () => 'x',
      onSnapshot: async () => {},
      ...(previousCursors ? { previousCursors } : {}),
    });

  it('moves a cursor only where the read succeeded, and keeps the previous one where it failed or was not reached', async () => {
    const first = await once({
      github: {
        'github-org:acme': { events: 'T0' },
        'github-org:beta': { events: 'T0' },
        'github-org:gone': { events: 'T0' },
      },
    });
    expect(first.runs[0]!.cursors).toEqual({
      'github-org:acme': { events: 'after-T0' },
      'github-org:beta': { events: 'T0' },
      'github-org:gone': { events: 'T0' },
    });
    const fresh = await once();
    expect(fresh.runs[0]!.cursors).toEqual({ 'github-org:acme': { events: 'after-start' }, 'github-org:beta': {} });
  });
});

describe('runCollectors, credentials a vendor echoes back', () => {
  it('masks every resolved credential, its lines and its JSON fields, in the errors it records', async () => {
    const key = JSON.stringify({
      client_email: 'assay@p.iam.example',
      private_key: 'line-one-of-the-key\nline-two-of-the-key',
    });
    const opaque = 'sim-owner-token-0123456789';
    const secrets = [opaque, key];
    const { snapshots, runs } = await run(
      async (ctx) => {
        const token = ctx.secret({ env: 'A' }, 'sources.github.auth.token');
        const sa = ctx.secret({ env: 'B' }, 'sources.google.auth.serviceAccountKey');
        await ctx.scope(scope, async (rec) => {
          await rec.dataset('github.org', (call) =>
            call('GET /orgs/{org}', () => Promise.reject(new Error(`Bad credentials: ${token}`))),
          );
          await rec.dataset('github.members', () =>
            Promise.reject(new Error(`invalid key line-two-of-the-key for ${JSON.parse(sa).client_email as string}`)),
          );
        });
        throw new Error(`gave up with ${token}`);
      },
      2000,
      () => secrets.shift() ?? 'x',
    );
    const s = snapshots[0]!;
    expect(s.missing['github.org']?.message).toBe('Bad credentials: [REDACTED]');
    expect(s.missing['github.members']?.message).toBe('invalid key [REDACTED] for assay@p.iam.example');
    expect(JSON.stringify({ snapshots, runs })).not.toContain(opaque);
  });
});
