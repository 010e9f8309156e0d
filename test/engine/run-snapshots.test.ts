import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runChecks, runChecksByScope, type PreparedCheck } from '../../src/engine/run-checks.js';
import { RunSnapshots } from '../../src/engine/run-snapshots.js';
import { snapshotPath } from '../../src/engine/snapshot-path.js';
import { sha256Hex } from '../../src/evidence/manifest-codec.js';
import { EvidenceError } from '../../src/errors.js';
import { defineCheck } from '../../src/model/check.js';
import type { Snapshot } from '../../src/model/snapshot.js';

const snap = (org: string, data: Snapshot['data'], missing: Snapshot['missing'] = {}): Snapshot => ({
  schemaVersion: 1,
  collector: 'github',
  source: 'github',
  scope: { kind: 'github-org', id: org },
  startedAt: '2026-12-07T10:00:00.000Z',
  collectedAt: '2026-12-07T10:00:01.000Z',
  calls: [],
  data,
  missing,
});

/** A store of blobs in a map, with what `RunSnapshots` reads back and how many times. */
function storeOf(snapshots: Snapshot[]) {
  const blobs = new Map<string, Uint8Array>();
  const reads: string[] = [];
  const stored = new RunSnapshots((path) => {
    reads.push(path);
    return Promise.resolve(blobs.get(path)!);
  });
  for (const s of snapshots) {
    const body = gzipSync(JSON.stringify(s));
    blobs.set(snapshotPath(s), body);
    stored.add(s, { path: snapshotPath(s), sha256: sha256Hex(body) });
  }
  return { stored, blobs, reads };
}

const orgNamed = (id: string) =>
  defineCheck({
    id,
    title: 'The organization has a name',
    severity: 'low',
    rationale: 'r',
    remediation: 'm',
    requires: ['github.org'],
    controls: ['iso27001:5.17'],
    evaluate: (d, ctx) => [
      {
        status: d['github.org'].name ? 'pass' : 'fail',
        resource: { type: 'org', id: ctx.scope.id },
        message: `${id} on ${ctx.scope.id}.`,
      },
    ],
  });

describe('RunSnapshots', () => {
  const a = snap('acme', { 'github.org': { login: 'acme', id: 1, name: 'Acme' } });
  const b = snap('beta', { 'github.org': { login: 'beta', id: 2, name: null } });
  const c = snap('gamma', {}, { 'github.org': { kind: 'error', operation: 'GET /orgs/{org}', message: 'HTTP 500' } });

  it('evaluates one scope at a time, with the findings of the whole run in the same order', async () => {
    const { stored, reads } = storeOf([a, b, c]);
    const checks: PreparedCheck[] = [
      { check: orgNamed('first'), params: {} },
      { check: orgNamed('second'), params: {} },
    ];
    const loaded: number[] = [];
    const byScope = await runChecksByScope(
      checks,
      stored.byScope().map((refs) => async () => {
        const s = await stored.loadAll(refs);
        loaded.push(s.length);
        return s;
      }),
      new Date('2026-12-07T10:00:00Z'),
    );
    expect(loaded).toEqual([1, 1, 1]);
    expect(reads).toEqual([snapshotPath(a), snapshotPath(b), snapshotPath(c)]);
    expect(byScope).toEqual(runChecks(checks, [a, b, c], new Date('2026-12-07T10:00:00Z')));
    expect(byScope.map((f) => `${f.checkId} ${f.scope.id} ${f.status}`)).toEqual([
      'first acme pass',
      'first beta fail',
      'first gamma error',
      'second acme pass',
      'second beta fail',
      'second gamma error',
    ]);
  });

  it('refuses a snapshot changed in the store while the run uses it', async () => {
    const { stored, blobs } = storeOf([a]);
    blobs.set(snapshotPath(a), gzipSync(JSON.stringify({ ...a, data: {} })));
    await expect(stored.loadAll()).rejects.toThrow(EvidenceError);
    await expect(stored.loadAll()).rejects.toThrow(
      'snapshots/github/github-org-acme.json.gz: changed in the store while the run was using it',
    );
  });

  it('projects: only the snapshots holding a dataset asked for, carrying only those datasets', async () => {
    const both = snap('acme', { 'github.org': { login: 'acme', id: 1 }, 'github.members': [] });
    const { stored } = storeOf([both, c]);
    const projected = await stored.loadProjected(new Set(['github.members']));
    expect(projected.map((s) => s.scope.id)).toEqual(['acme']);
    expect(projected[0]!.data).toEqual({ 'github.members': [] });
    expect(projected[0]!.missing['github.org']).toEqual({
      kind: 'error',
      operation: 'derivation input',
      message: 'github.org is not among the datasets this derivation declares it reads',
    });
  });
});
