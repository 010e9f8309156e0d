import { gzipSync } from 'node:zlib';
import type { EvidenceStore } from '../../src/evidence/evidence-store.js';
import type { Finding } from '../../src/model/finding.js';
import type { Manifest } from '../../src/model/run.js';
import type { Snapshot } from '../../src/model/snapshot.js';

const scope = { kind: 'github-org' as const, id: 'acme' };
export const MEMBERS = Array.from({ length: 30 }, (_, i) => ({ login: `user${i}`, id: i + 1 }));

export function finding(
  checkId: string,
  status: Finding['status'],
  resourceId: string,
  message: string,
  extra: Partial<Finding> = {},
): Finding {
  return {
    key: `${checkId}|github-org:acme|${resourceId}`,
    checkId,
    checkVersion: 1,
    title: 'T',
    status,
    severity: 'high',
    scope,
    resource: { type: resourceId === 'acme' ? 'github-org' : 'github-user', id: resourceId },
    message,
    observed: {},
    controls: ['iso27001:5.17', 'iso27001:8.5'],
    ...extra,
  };
}

const snapshot = (startedAt: string, without2fa: string[], orgMissing: boolean): Snapshot => ({
  schemaVersion: 1,
  collector: 'github',
  source: 'github',
  scope,
  startedAt,
  collectedAt: startedAt,
  calls: [
    { operation: 'GET /orgs/{org}/members', dataset: 'github.members', ok: true, requests: 1, durationMs: 3 },
    {
      operation: 'GET /orgs/{org}',
      dataset: 'github.org',
      ok: !orgMissing,
      requests: 1,
      durationMs: 2,
      ...(orgMissing ? { status: 403 } : {}),
    },
  ],
  data: {
    'github.members': MEMBERS,
    'github.membersWithout2fa': MEMBERS.filter((m) => without2fa.includes(m.login)),
    'github.owners': [MEMBERS[0]],
    ...(orgMissing ? {} : { 'github.org': { login: 'acme', id: 99, two_factor_requirement_enabled: false } }),
  },
  missing: orgMissing
    ? { 'github.org': { kind: 'error', operation: 'GET /orgs/{org}', message: 'HTTP 403: forbidden', status: 403 } }
    : {},
});

export const EXCEPTION = {
  id: 'legacy-user3',
  check: 'github-members-2fa-enabled',
  resource: 'user3',
  justification: 'Service account kept until the migration completes.',
  approvedBy: 'ciso@example.com',
  approvedOn: '2026-10-01',
  expires: '2027-01-31',
  ticket: 'https://tracker.example.com/SEC-9',
};

/** One run of the fixture: a snapshot, findings, the exceptions register; committed. */
async function run(
  store: EvidenceStore,
  runId: string,
  startedAt: string,
  findings: Finding[],
  snap: Snapshot,
): Promise<Manifest> {
  const writer = store.beginRun(runId, new Date(startedAt));
  await writer.add('snapshots/github/github-org-acme.json.gz', gzipSync(JSON.stringify(snap)), 'application/gzip');
  const n = (s: Finding['status']) => findings.filter((f) => f.status === s).length;
  const exceptions = {
    file: 'exceptions.yaml',
    sha256: 'b'.repeat(64),
    inForce: [EXCEPTION.id],
    expired: [],
    stale: [],
  };
  const { manifest } = await writer.commitAfter(() =>
    Promise.resolve({
      artifacts: [
        {
          path: 'findings.jsonl',
          body: Buffer.from(findings.map((f) => JSON.stringify(f)).join('\n') + '\n'),
          mediaType: 'application/x-ndjson',
        },
        {
          path: 'exceptions.json',
          body: Buffer.from(JSON.stringify({ ...exceptions, entries: [EXCEPTION] })),
          mediaType: 'application/json',
        },
      ],
      fields: {
        finishedAt: startedAt,
        tool: { name: 'assay', version: 'test' },
        configDigest: `sha256:${'a'.repeat(64)}`,
        collectors: [],
        summary: {
          pass: n('pass'),
          fail: n('fail'),
          error: n('error'),
          not_applicable: n('not_applicable'),
          excepted: n('excepted'),
        },
        exceptions,
      },
    }),
  );
  return manifest;
}

const M2 = 'github-members-2fa-enabled';
const O2 = 'github-org-2fa-required';
const excepted = (): Finding =>
  finding(M2, 'excepted', 'user3', 'Member user3 of acme has two-factor authentication disabled.', {
    exception: {
      id: EXCEPTION.id,
      state: 'in_force',
      approvedBy: EXCEPTION.approvedBy,
      expires: EXCEPTION.expires,
      ticket: EXCEPTION.ticket,
    },
  });

/**
 * Three runs on three days: user5 without 2FA fails twice, then everyone has it (an organization-wide pass whose
 * evidence is the member population); the org setting fails, then cannot be read (403). An attestation is recorded.
 */
export async function seedStore(store: EvidenceStore): Promise<Manifest[]> {
  const out: Manifest[] = [];
  const fail5 = finding(M2, 'fail', 'user5', 'Member user5 of acme has two-factor authentication disabled.');
  const orgFail = finding(O2, 'fail', 'acme', 'Organization acme does not require two-factor authentication.');
  out.push(
    await run(
      store,
      'run-1',
      '2026-11-01T10:00:00.000Z',
      [fail5, orgFail, excepted()],
      snapshot('2026-11-01T10:00:00.000Z', ['user5', 'user3'], false),
    ),
  );
  out.push(
    await run(
      store,
      'run-2',
      '2026-11-02T10:00:00.000Z',
      [fail5, orgFail, excepted()],
      snapshot('2026-11-02T10:00:00.000Z', ['user5', 'user3'], false),
    ),
  );
  await store.records.append('attestation', {
    by: 'ciso@example.com',
    data: { controls: ['iso27001:5.1'], statement: 'The information security policy was approved.' },
    files: [{ name: 'policy approval.pdf', body: Buffer.from('%PDF-1.4 approval'), mediaType: 'application/pdf' }],
  });
  await store.records.append('attestation', {
    by: 'ceo@example.com',
    data: { kind: 'management-review', covers: 'Q3 2026' },
    files: [{ name: 'minutes.md', body: Buffer.from('# Minutes'), mediaType: 'text/markdown' }],
  });
  const pass = finding(M2, 'pass', 'acme', 'All 30 members of acme have two-factor authentication enabled.');
  const orgError = finding(O2, 'error', 'acme', 'Could not read github.org: GET /orgs/{org} returned 403.');
  out.push(
    await run(
      store,
      'run-3',
      '2026-11-03T10:00:00.000Z',
      [pass, orgError],
      snapshot('2026-11-03T10:00:00.000Z', [], true),
    ),
  );
  return out;
}
