import { gunzipSync } from 'node:zlib';
import { EvidenceError, UsageError } from '../errors.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { sha256Hex } from '../evidence/manifest-codec.js';
import { snapshotPath } from '../engine/snapshot-path.js';
import type { CampaignData } from '../model/datasets/access-review.js';
import { PeopleGraphSchema, type PeopleGraph } from '../model/datasets/people.js';
import { ORGANIZATION_SCOPE } from '../model/derivation.js';
import { SnapshotSchema } from '../model/snapshot.js';

const PATH = snapshotPath({ collector: 'people', scope: ORGANIZATION_SCOPE });

/**
 * The newest run's identity graph, read through its manifest and checked against the SHA-256 it records. A newest
 * run whose graph failed is an error naming why: a campaign is never built from an older graph without saying so.
 */
export async function latestPeopleGraph(
  store: EvidenceStore,
): Promise<{ graph: PeopleGraph; run: CampaignData['graph'] }> {
  const runs = await store.listRuns();
  const manifest = runs.findLast((m) => m.artifacts.some((a) => a.path === PATH));
  if (!manifest)
    throw new UsageError(
      `no run in the evidence store holds the people graph (${PATH}): run assay run with sources.google configured first`,
    );
  const artifact = manifest.artifacts.find((a) => a.path === PATH)!;
  const bytes = await store.readArtifact(manifest.runId, PATH);
  const where = `runs/${manifest.runId}/${PATH}`;
  if (sha256Hex(bytes) !== artifact.sha256)
    throw new EvidenceError(`${where}: sha256 differs from the manifest`, { code: 'invalid' });
  const snapshot = SnapshotSchema.parse(JSON.parse(gunzipSync(bytes).toString('utf8')));
  const missing = snapshot.missing['people.graph'];
  if (missing)
    throw new UsageError(
      `${where}: run #${manifest.sequence} has no people.graph (${missing.operation}: ${missing.message}); fix the read and run again`,
    );
  const parsed = PeopleGraphSchema.safeParse(snapshot.data['people.graph']);
  if (!parsed.success)
    throw new EvidenceError(`${where}: people.graph does not match its schema (${parsed.error.issues[0]?.message})`, {
      code: 'invalid',
    });
  return { graph: parsed.data, run: { runId: manifest.runId, sequence: manifest.sequence, sha256: artifact.sha256 } };
}
