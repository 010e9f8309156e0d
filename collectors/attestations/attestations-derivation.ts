import {
  ATTESTATION_KIND_IDS,
  ATTESTATION_RECORD_TYPE,
  attestationKind,
  type AttestationKindId,
  type Period,
} from '../../src/model/attestation.js';
import type { CallFn } from '../../src/model/collector.js';
import { AttestationsConfigSchema, type AttestationsConfig } from '../../src/model/config/attestations-config.js';
import { attestationsDatasets } from '../../src/model/datasets/attestations.js';
import { defineDerivation } from '../../src/model/derivation.js';
import { toEntry, validAttestations, type Attestation } from './attestation-entries.js';
import { breakGlassUsesOfRun, mergeBreakGlassUses } from './break-glass-uses.js';
import { activeWorkspaceUsers, importSummary, newestImport, peopleWithRows } from './person-datasets.js';

const READ = 'evidence records (attestation)';
const REVIEWS = 'attestations.breakGlassReviews';

/** Fails the dataset, naming what is missing, when the store holds no import of `kind`. */
const requireImport = (list: readonly Attestation[], kind: 'security-training' | 'policy-acknowledgement') => {
  const found = newestImport(list, kind);
  if (!found)
    throw new Error(
      `no ${kind} export is in the evidence store: import one with assay attest import --kind ${kind} --file export.csv`,
    );
  return Promise.resolve(found);
};

/**
 * The attestations in force, from the store's `attestation` records: the organization-wide register, break-glass
 * uses (from the run's CloudTrail snapshots) with their reviews, and per-person imports joined with the active
 * Workspace users. Reads no API: everything comes from the run's snapshots and the store.
 */
export const attestationsDerivation = defineDerivation<AttestationsConfig>({
  id: 'attestations',
  section: 'attestations',
  title: 'Attestations in force (records in the evidence store, imported LMS and e-signature exports)',
  reads: ['aws-cloudtrail.breakGlassEvents', 'google-workspace.users'],
  schema: attestationsDatasets,
  derive: (ctx) =>
    ctx.scope(async (rec) => {
      const cfg = ctx.config ?? AttestationsConfigSchema.parse({});
      const periodOf = (k: AttestationKindId): Period => cfg.kinds[k]?.period ?? attestationKind(k).defaultPeriod;
      const loaded = await ctx.records(ATTESTATION_RECORD_TYPE).then(
        (r) => ({ ok: validAttestations(r, ctx.log) }),
        (error: unknown) => ({ error }),
      );
      const attestations = (call: CallFn) =>
        call(READ, () => ('ok' in loaded ? Promise.resolve(loaded.ok) : Promise.reject(loaded.error as Error)));

      // Opt-in: with neither the config section nor a stored attestation, the kinds are not in use (controls stay manual).
      if (!ctx.config && 'ok' in loaded && !loaded.ok.some((a) => !a.data.import))
        rec.notApplicable(
          'attestations.register',
          READ,
          'no attestations section in the config and no attestation in the evidence store (assay attest)',
        );
      else
        await rec.dataset('attestations.register', async (call) => ({
          periods: Object.fromEntries(ATTESTATION_KIND_IDS.map((k) => [k, periodOf(k)])),
          aiSystems: cfg.aiSystems,
          attestations: (await attestations(call)).filter((a) => !a.data.import).map(toEntry),
        }));

      const run = breakGlassUsesOfRun(ctx.snapshots);
      const previous = await rec.previousData(REVIEWS);
      if (run.accountsRead.length + run.unread.length === 0 && !previous?.uses.length)
        rec.notApplicable(
          REVIEWS,
          'aws-cloudtrail.breakGlassEvents',
          run.notApplicable[0] ??
            'no AWS account had its break-glass role uses read (sources.aws.cloudtrail.breakGlassRoles)',
        );
      else
        await rec.dataset(REVIEWS, async (call) => {
          const entries = (await attestations(call)).filter((a) => !a.data.import).map(toEntry);
          return {
            period: periodOf('break-glass-review'),
            accountsRead: run.accountsRead,
            unread: run.unread,
            uses: mergeBreakGlassUses(run.uses, previous?.uses ?? [], entries, ctx.now),
          };
        });

      const users = (call: CallFn) =>
        call('google-workspace.users', () => Promise.resolve().then(() => activeWorkspaceUsers(ctx.snapshots)));

      if (!cfg.training)
        rec.notApplicable(
          'attestations.securityTraining',
          'attestations.training',
          'attestations.training is not configured (no LMS export to check training against)',
        );
      else {
        const training = cfg.training;
        await rec.dataset('attestations.securityTraining', async (call) => {
          const list = await attestations(call);
          const active = await users(call);
          const imported = await call('assay attest import', () => requireImport(list, 'security-training'));
          return {
            import: importSummary(imported),
            period: periodOf('security-training'),
            newHireDays: training.newHireDays,
            people: peopleWithRows(active, imported.data.import?.entries ?? []),
          };
        });
      }

      if (!cfg.acknowledgements)
        rec.notApplicable(
          'attestations.policyAcknowledgements',
          'attestations.acknowledgements',
          'attestations.acknowledgements is not configured (no e-signature export to check acknowledgements against)',
        );
      else {
        const acks = cfg.acknowledgements;
        await rec.dataset('attestations.policyAcknowledgements', async (call) => {
          const list = await attestations(call);
          const active = await users(call);
          const imported = await call('assay attest import', () => requireImport(list, 'policy-acknowledgement'));
          const rows = (imported.data.import?.entries ?? []).filter((r) => r.version === acks.currentPolicyVersion);
          return {
            import: importSummary(imported),
            period: periodOf('policy-acknowledgement'),
            currentPolicyVersion: acks.currentPolicyVersion,
            ...(acks.publishedOn ? { publishedOn: acks.publishedOn } : {}),
            people: peopleWithRows(active, rows),
          };
        });
      }
    }),
});
