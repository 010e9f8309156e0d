import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { loadConfiguredExceptions } from '../../src/config/load-exceptions.js';
import { consoleExceptions } from '../../src/console/console-exceptions.js';
import { appendTriage, TRIAGE_RECORD, TriageRefused } from '../../src/console/triage.js';
import { runPipeline } from '../../src/engine/run-pipeline.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { defineCheck } from '../../src/model/check.js';
import { defineCollector } from '../../src/model/collector.js';
import { datasets } from '../../src/model/datasets/index.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';

const config = parseConfig(
  'version: 1\nsources:\n  github:\n    auth: { token: { env: GH } }\n    orgs: [acme]\n',
  'assay.yaml',
  { GH: 'not-a-real-token' },
);
const TRIAGER = 'tom@example.com';
const APPROVER = 'ann@example.com';
const KEY = 'fake-org-check|github-org:acme|org:acme';
const DAY1 = new Date('2026-12-07T09:00:00Z');

/** One org whose check always fails. */
const collector = defineCollector({
  id: 'github',
  source: 'github',
  title: 'fake',
  permissions: [],
  schema: { 'github.org': datasets['github.org'] },
  collect: (ctx) =>
    ctx.scope({ kind: 'github-org', id: 'acme' }, async (rec) => {
      await rec.dataset('github.org', () => Promise.resolve({ login: 'acme', id: 1 }));
    }),
});
const check = defineCheck({
  id: 'fake-org-check',
  title: 'The org is fine',
  severity: 'high',
  rationale: 'r',
  remediation: 'm',
  requires: ['github.org'],
  controls: ['iso27001:5.17'],
  evaluate: () => [{ status: 'fail', resource: { type: 'org', id: 'acme' }, message: 'the org' }],
});
const checks = new Map([[check.id, check]]);

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
});
afterEach(() => t.cleanup());

const propose = (by = TRIAGER, expires = '2027-03-01') =>
  appendTriage(
    t.store.records,
    by,
    {
      action: 'propose-exception',
      finding: KEY,
      check: check.id,
      resource: 'acme',
      justification: 'The org migrates to the enterprise account in Q1',
      expires,
      ticket: 'https://tracker.example.com/SEC-12',
    },
    DAY1,
  );
const decide = (
  action: 'approve-exception' | 'reject-exception' | 'revoke-exception',
  proposal: number,
  by = APPROVER,
) => appendTriage(t.store.records, by, { action, finding: KEY, proposal }, DAY1);

/** The CLI's sequence: the register from the config and this store's records, then the run. */
async function nextRun(at: string, cfg: Parameters<typeof loadConfiguredExceptions>[0] = configWith()) {
  const exceptions = await loadConfiguredExceptions(cfg, checks.keys(), t.store.records);
  return runPipeline(config, {
    collectors: new Map([[collector.id, collector]]),
    checks,
    store: t.store,
    log: pino({ level: 'silent' }),
    toolVersion: 't',
    clock: () => new Date(at),
    ...(exceptions ? { exceptions } : {}),
  });
}
function configWith(extra: { exceptionsPath?: string } = {}) {
  return { ...extra, exceptions: { approvers: [APPROVER] } };
}

describe('exceptions approved in the console', () => {
  it('are applied by the next run with approver, justification and expiry, recorded as from the console; a revoked one is not', async () => {
    const first = await nextRun('2026-12-06T12:00:00Z');
    expect(first.findings[0]).toMatchObject({ key: KEY, status: 'fail' });

    const proposal = await propose();
    await decide('approve-exception', proposal.seq);
    const during = await nextRun('2026-12-07T12:00:00Z');
    expect(during.findings[0]).toMatchObject({
      status: 'excepted',
      exception: {
        id: `console#${proposal.seq}`,
        state: 'in_force',
        approvedBy: APPROVER,
        expires: '2027-03-01',
        ticket: 'https://tracker.example.com/SEC-12',
      },
    });
    expect(during.manifest.exceptions).toMatchObject({
      file: 'console',
      inForce: [`console#${proposal.seq}`],
      stale: [],
    });
    const stored = JSON.parse(
      Buffer.from(await t.store.readArtifact(during.runId, 'exceptions.json')).toString('utf8'),
    ) as {
      entries: unknown[];
    };
    expect(stored.entries).toEqual([
      expect.objectContaining({
        justification: 'The org migrates to the enterprise account in Q1',
        scope: 'acme',
        approvedOn: '2026-12-07',
        source: { kind: 'console', proposal: proposal.seq, approval: proposal.seq + 1, proposedBy: TRIAGER },
      }),
    ]);
    expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, runs: 2 });

    await decide('revoke-exception', proposal.seq);
    const after = await nextRun('2026-12-08T12:00:00Z');
    expect(after.findings[0]).toMatchObject({ status: 'fail' });
    expect(after.findings[0]!.exception).toBeUndefined();
    expect(after.manifest.exceptions).toBeUndefined();
    await expect(decide('revoke-exception', proposal.seq)).rejects.toThrow(
      `proposal #${proposal.seq} was already revoked`,
    );
  });

  it('a rejected, undecided, self-approved or glob proposal, or one approved by someone outside exceptions.approvers, is no exception', async () => {
    const rejected = await propose();
    await decide('reject-exception', rejected.seq);
    await expect(decide('revoke-exception', rejected.seq)).rejects.toThrow(TriageRefused);
    await propose();
    const self = await propose();
    // Written past the console's guard: the loader applies the same rule.
    await t.store.records.append(TRIAGE_RECORD, {
      by: TRIAGER,
      data: { action: 'approve-exception', finding: KEY, proposal: self.seq },
    });
    const glob = await appendTriage(
      t.store.records,
      TRIAGER,
      {
        action: 'propose-exception',
        finding: 'fake-org-check|github-org:acme|org:*',
        check: check.id,
        resource: '*',
        justification: 'Every org of the account, please',
        expires: '2027-03-01',
      },
      DAY1,
    );
    await appendTriage(
      t.store.records,
      APPROVER,
      { action: 'approve-exception', finding: 'fake-org-check|github-org:acme|org:*', proposal: glob.seq },
      DAY1,
    );
    const outsider = await propose();
    await decide('approve-exception', outsider.seq, 'eve@example.com');
    const run = await nextRun('2026-12-07T12:00:00Z');
    expect(run.findings[0]).toMatchObject({ status: 'fail' });
    expect(run.manifest.exceptions).toBeUndefined();
    // With no approvers list the console's approver role decided, so that approval counts.
    const open = consoleExceptions(await t.store.records.list(TRIAGE_RECORD), {
      approvers: [],
      checkIds: new Set([check.id]),
    });
    expect(open.map((e) => e.id)).toEqual([`console#${outsider.seq}`]);
  });

  it('precedence: the exceptions file decides a finding both match; the console one applies once the file entry expired', async () => {
    const file = path.join(t.dir, 'exceptions.yaml');
    const yaml = (expires: string) => `version: 1
exceptions:
  - id: acme-file
    check: fake-org-check
    resource: acme
    justification: Accepted in the risk register
    approvedBy: ${APPROVER}
    approvedOn: '2026-12-01'
    expires: '${expires}'
    ticket: https://tracker.example.com/SEC-1
`;
    await writeFile(file, yaml('2026-12-31'));
    const proposal = await propose();
    await decide('approve-exception', proposal.seq);
    const both = await nextRun('2026-12-07T12:00:00Z', configWith({ exceptionsPath: file }));
    expect(both.findings[0]).toMatchObject({ status: 'excepted', exception: { id: 'acme-file' } });
    expect(both.manifest.exceptions).toMatchObject({
      file: `${file} + console`,
      inForce: ['acme-file', `console#${proposal.seq}`],
      stale: [`console#${proposal.seq}`],
    });

    await writeFile(file, yaml('2026-12-05'));
    const lapsed = await nextRun('2026-12-07T13:00:00Z', configWith({ exceptionsPath: file }));
    expect(lapsed.findings[0]).toMatchObject({
      status: 'excepted',
      exception: { id: `console#${proposal.seq}`, approvedBy: APPROVER },
    });
    expect(lapsed.manifest.exceptions).toMatchObject({ expired: ['acme-file'], stale: [] });
  });

  it('without a file or a console approval there is no register', async () => {
    await propose();
    expect(await loadConfiguredExceptions(configWith(), checks.keys(), t.store.records)).toBeUndefined();
  });
});
