import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attestationsDerivation } from '../../../collectors/attestations/attestations-derivation.js';
import { parseConfig } from '../../../src/config/load-config.js';
import { runPipeline } from '../../../src/engine/run-pipeline.js';
import { EvidenceStore } from '../../../src/evidence/evidence-store.js';
import { defineCollector, type Collector } from '../../../src/model/collector.js';
import { datasets } from '../../../src/model/datasets/index.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { tempStore, type TempStore } from '../../evidence/evidence-fixtures.js';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/BreakGlass`;

const configText = (attestations: string) =>
  `version: 1\nsources:\n  github:\n    auth: { token: { env: GH } }\n    orgs: [acme]\n${attestations}`;
const ATTESTATIONS = `attestations:
  attesters: [ciso@example.com]
  kinds: { management-review: { period: P6M } }
  aiSystems: [chatbot]
  training: { newHireDays: 30 }
  acknowledgements: { currentPolicyVersion: '4.0' }
`;

const users = [
  { id: '1', primaryEmail: 'ana@example.com', fullName: 'Ana', creationTime: '2024-01-05T09:00:00.000Z' },
  { id: '2', primaryEmail: 'Ben@example.com', creationTime: '2024-01-05T09:00:00.000Z' },
  { id: '3', primaryEmail: 'gone@example.com', suspended: true },
];

const assumeRole = (eventId: string, eventTime: string, errorCode?: string) => ({
  eventId,
  eventName: 'AssumeRole',
  eventTime,
  eventSource: 'sts.amazonaws.com',
  awsRegion: 'us-east-1',
  userIdentity: { arn: `arn:aws:iam::${ACCOUNT}:user/alice` },
  ...(errorCode ? { errorCode } : {}),
  requestParameters: { roleArn: ROLE, roleSessionName: 'incident' },
});

/** Stands in for the Workspace and CloudTrail collectors (configured as a github source so the pipeline runs them). */
function fakeSources(opts: { usersFail?: boolean; events?: unknown[]; eventsFail?: boolean }): Map<string, Collector> {
  const google = defineCollector({
    id: 'google-workspace',
    source: 'github',
    title: 'fake Workspace',
    permissions: [],
    schema: { 'google-workspace.users': datasets['google-workspace.users'] },
    collect: (ctx) =>
      ctx.scope({ kind: 'google-customer', id: 'C01' }, async (rec) => {
        await rec.dataset('google-workspace.users', (call) =>
          call('directory.users.list', () =>
            opts.usersFail ? Promise.reject(new Error('403 Not Authorized')) : Promise.resolve(users),
          ),
        );
      }),
  });
  const cloudtrail = defineCollector({
    id: 'aws-cloudtrail',
    source: 'github',
    title: 'fake CloudTrail',
    permissions: [],
    schema: { 'aws-cloudtrail.breakGlassEvents': datasets['aws-cloudtrail.breakGlassEvents'] },
    collect: (ctx) =>
      ctx.scope({ kind: 'aws-account', id: ACCOUNT }, async (rec) => {
        await rec.dataset('aws-cloudtrail.breakGlassEvents', (call) =>
          call('cloudtrail:LookupEvents', () =>
            opts.eventsFail
              ? Promise.reject(new Error('ThrottlingException: Rate exceeded'))
              : Promise.resolve({
                  startTime: '2026-11-01T00:00:00.000Z',
                  endTime: '2026-11-23T00:00:00.000Z',
                  regions: ['us-east-1'],
                  regionsNotRead: [],
                  eventNames: ['AssumeRole'],
                  events: (opts.events ?? []) as never,
                  roleArns: [ROLE],
                }),
          ),
        );
      }),
  });
  return new Map([
    [google.id, google],
    [cloudtrail.id, cloudtrail],
  ]);
}

describe('attestations derivation', () => {
  let t: TempStore;
  let store: EvidenceStore;
  beforeEach(async () => {
    t = await tempStore();
    store = new EvidenceStore(t.blobs);
  });
  afterEach(() => t.cleanup());

  const run = async (at: string, sources: Parameters<typeof fakeSources>[0], attestations = ATTESTATIONS) => {
    const config = parseConfig(configText(attestations), 'assay.yaml', { GH: 'not-a-real-token' });
    const result = await runPipeline(config, {
      collectors: fakeSources(sources),
      checks: new Map(),
      derivations: [attestationsDerivation],
      store,
      log: pino({ level: 'silent' }),
      toolVersion: 'test',
      clock: () => new Date(at),
    });
    return (await result.loadSnapshots()).find((s) => s.collector === 'attestations')!;
  };

  const attest = (data: Record<string, unknown>, files: { name: string; body: Uint8Array; mediaType: string }[] = []) =>
    store.records.append('attestation', { by: 'ciso@example.com', data, files });

  it('lists the stored attestations with their periods, record and file hashes', async () => {
    const body = new TextEncoder().encode('minutes');
    const r = await attest({ kind: 'management-review', covers: '2026Q3' }, [
      { name: 'minutes.pdf', body, mediaType: 'application/pdf' },
    ]);
    await store.records.append('attestation', { by: 'x@example.com', data: { kind: 'no-such-kind' } });
    const s = await run('2026-11-23T12:00:00Z', {});
    const register = s.data['attestations.register'] as {
      periods: Record<string, unknown>;
      aiSystems: string[];
      attestations: unknown[];
    };
    expect(register.periods['management-review']).toBe('P6M');
    expect(register.periods['internal-audit']).toBe('P1Y');
    expect(register.aiSystems).toEqual(['chatbot']);
    expect(register.attestations).toEqual([
      {
        seq: r.seq,
        recordSha256: r.sha256,
        kind: 'management-review',
        by: 'ciso@example.com',
        at: r.at,
        covers: '2026Q3',
        files: [{ name: 'minutes.pdf', sha256: r.files[0]!.sha256 }],
      },
    ]);
  });

  it('is not applicable with neither an attestations section nor a stored attestation', async () => {
    const s = await run('2026-11-23T12:00:00Z', {}, '');
    expect(s.missing['attestations.register']).toMatchObject({ kind: 'not_applicable' });
    expect(s.missing['attestations.securityTraining']).toMatchObject({
      kind: 'not_applicable',
      operation: 'attestations.training',
    });
  });

  it('joins the newest import with the active Workspace users, matching emails without case', async () => {
    await attest({
      kind: 'security-training',
      import: { rows: 1, entries: [{ email: 'ben@example.com', at: '2025-01-01T00:00:00.000Z' }] },
    });
    await attest({
      kind: 'security-training',
      import: {
        rows: 2,
        entries: [
          { email: 'ben@example.com', at: '2026-02-01T00:00:00.000Z' },
          { email: 'gone@example.com', at: '2026-02-01T00:00:00.000Z' },
        ],
      },
    });
    await attest({
      kind: 'policy-acknowledgement',
      import: {
        rows: 2,
        entries: [
          { email: 'ana@example.com', at: '2026-02-01T00:00:00.000Z', version: '3.0' },
          { email: 'ben@example.com', at: '2026-02-01T00:00:00.000Z', version: '4.0' },
        ],
      },
    });
    const s = await run('2026-11-23T12:00:00Z', {});
    const training = s.data['attestations.securityTraining'] as { import: { seq: number }; people: unknown[] };
    expect(training.import.seq).toBe(2);
    expect(training.people).toEqual([
      { email: 'ana@example.com', name: 'Ana', createdAt: '2024-01-05T09:00:00.000Z', lastAt: null },
      { email: 'Ben@example.com', createdAt: '2024-01-05T09:00:00.000Z', lastAt: '2026-02-01T00:00:00.000Z' },
    ]);
    const acks = s.data['attestations.policyAcknowledgements'] as { people: { email: string; lastAt: unknown }[] };
    expect(acks.people.map((p) => [p.email, p.lastAt])).toEqual([
      ['ana@example.com', null],
      ['Ben@example.com', '2026-02-01T00:00:00.000Z'],
    ]);
  });

  it('leaves the per-person datasets missing, naming the Workspace users, when they were not collected', async () => {
    const s = await run('2026-11-23T12:00:00Z', { usersFail: true });
    expect(s.missing['attestations.securityTraining']).toMatchObject({
      kind: 'error',
      operation: 'google-workspace.users',
      message: 'google-workspace.users of C01 was not collected: directory.users.list: 403 Not Authorized',
    });
  });

  it('names the missing import when none was stored', async () => {
    const s = await run('2026-11-23T12:00:00Z', {});
    expect(s.missing['attestations.policyAcknowledgements']).toMatchObject({
      kind: 'error',
      operation: 'assay attest import',
    });
  });

  it('carries an unreviewed break-glass use to the next run until a review references it', async () => {
    const first = await run('2026-11-23T12:00:00Z', {
      events: [
        assumeRole('e1', '2026-11-22T08:00:00.000Z'),
        assumeRole('e0', '2026-11-21T08:00:00.000Z', 'AccessDenied'),
      ],
    });
    const uses = (s: Snapshot) =>
      (s.data['attestations.breakGlassReviews'] as { uses: { eventId: string; review: unknown; findingKey: string }[] })
        .uses;
    expect(uses(first).map((u) => [u.eventId, u.review])).toEqual([['e1', null]]);
    expect(uses(first)[0]!.findingKey).toBe(
      `aws-cloudtrail-event-break-glass-role-assumed|aws-account:${ACCOUNT}|aws-cloudtrail-event:e1`,
    );

    const second = await run('2026-11-24T12:00:00Z', { events: [] });
    expect(uses(second).map((u) => [u.eventId, u.review])).toEqual([['e1', null]]);

    const review = await attest({
      kind: 'break-glass-review',
      ref: uses(first)[0]!.findingKey,
      ticket: 'https://tracker.example.com/INC-7',
    });
    const third = await run('2026-11-25T12:00:00Z', { events: [] });
    expect(uses(third)[0]).toMatchObject({
      eventId: 'e1',
      review: { seq: review.seq, ticket: 'https://tracker.example.com/INC-7' },
    });
  });

  it('keeps the uses it knows and names the account it could not read', async () => {
    const s = await run('2026-11-23T12:00:00Z', { eventsFail: true });
    expect(s.data['attestations.breakGlassReviews']).toMatchObject({
      accountsRead: [],
      unread: [
        { account: ACCOUNT, operation: 'cloudtrail:LookupEvents', message: 'ThrottlingException: Rate exceeded' },
      ],
      uses: [],
    });
  });
});
