import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { peopleDerivation } from '../../collectors/people/people-derivation.js';
import { parseConfig } from '../../src/config/load-config.js';
import { runPipeline } from '../../src/engine/run-pipeline.js';
import { EvidenceStore } from '../../src/evidence/evidence-store.js';
import { defineCollector } from '../../src/model/collector.js';
import type { PeopleGraph } from '../../src/model/datasets/people.js';
import { datasets } from '../../src/model/datasets/index.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';
import { D, gUser } from './people-fixtures.js';

const yaml = (sources: string) => `version: 1\nsources:\n${sources}`;
const GOOGLE =
  '  google:\n    domain: example.com\n    auth: { subject: admin@example.com, serviceAccountKey: { env: K } }\n';
const GITHUB = '  github:\n    auth: { token: { env: K } }\n    orgs: [acme]\n';

/** A Workspace collector answering from `users`, or failing the user list when `users` is an Error. */
const google = (users: ReturnType<typeof gUser>[] | Error) =>
  defineCollector({
    id: 'google-workspace',
    source: 'google',
    title: 'fake',
    permissions: [],
    schema: { 'google-workspace.users': datasets['google-workspace.users'] },
    collect: (ctx) =>
      ctx.scope({ kind: 'google-customer', id: D }, async (rec) => {
        await rec.dataset('google-workspace.users', (call) =>
          call('directory.users.list', () => (users instanceof Error ? Promise.reject(users) : Promise.resolve(users))),
        );
      }),
  });

describe('the people derivation', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore();
  });
  afterEach(() => t.cleanup());

  const run = (sources: string, users: ReturnType<typeof gUser>[] | Error, at: string) => {
    const collector = google(users);
    return runPipeline(parseConfig(yaml(sources), 'assay.yaml', { K: 'x' }), {
      collectors: new Map([[collector.id, collector]]),
      checks: new Map(),
      derivations: [peopleDerivation],
      store: new EvidenceStore(t.blobs),
      log: pino({ level: 'silent' }),
      toolVersion: 'test',
      clock: () => new Date(at),
    });
  };
  const graph = async (r: Awaited<ReturnType<typeof run>>) =>
    (await r.loadSnapshots()).find((s) => s.collector === 'people')!;

  it('carries the first run that saw a suspension to the next runs', async () => {
    await run(GOOGLE, [gUser('ana')], '2026-11-20T12:00:00Z');
    await run(GOOGLE, [gUser('ana', { suspended: true })], '2026-11-21T12:00:00Z');
    const third = await graph(await run(GOOGLE, [gUser('ana', { suspended: true })], '2026-11-22T12:00:00Z'));
    expect((third.data['people.graph'] as PeopleGraph).persons[0]!.offboarding).toEqual({
      at: '2026-11-21T12:00:00.000Z',
      source: 'first-run',
      event: 'suspended',
    });
  });

  it('fails the graph naming the Workspace call when the user list was not read', async () => {
    const g = await graph(await run(GOOGLE, new Error('HTTP 403 forbidden'), '2026-11-20T12:00:00Z'));
    expect(g.missing['people.graph']).toMatchObject({
      kind: 'error',
      operation: 'directory.users.list',
      message: 'the Workspace user list was not read: HTTP 403 forbidden',
    });
  });

  it('is not applicable without Google Workspace, whose users are the people of record', async () => {
    const g = await graph(await run(GITHUB, [], '2026-11-20T12:00:00Z'));
    expect(g.missing['people.graph']).toMatchObject({ kind: 'not_applicable', operation: 'sources.google' });
  });
});
