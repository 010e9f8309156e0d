import { PeopleConfigSchema, type PeopleConfig } from '../../src/model/config/people-config.js';
import { peopleDatasets } from '../../src/model/datasets/people.js';
import { defineDerivation } from '../../src/model/derivation.js';
import { buildPeopleGraph } from '../../src/model/people/build-graph.js';
import { GRAPH_READS, readGraphInput } from '../../src/model/people/graph-input.js';

/**
 * The identity graph across Workspace, GitHub, AWS IAM and IAM Identity Center, built from the run's snapshots. The
 * previous run's graph carries offboarding times first seen by a run and the open revocations. Without the Workspace
 * user list there are no people of record, so the graph fails naming Google's call.
 */
export const peopleDerivation = defineDerivation<PeopleConfig>({
  id: 'people',
  section: 'people',
  title: 'People across systems: the identity graph, offboarding and revocations',
  reads: GRAPH_READS,
  schema: peopleDatasets,
  derive: (ctx) =>
    ctx.scope(async (rec) => {
      const input = readGraphInput(ctx.snapshots);
      if (!input.systems.some((s) => s.system === 'google-workspace')) {
        rec.notApplicable(
          'people.graph',
          'sources.google',
          'Google Workspace is not configured: the people of record are its users',
        );
        return;
      }
      await rec.dataset('people.graph', async (call) => {
        const google = input.systems.filter((s) => s.system === 'google-workspace');
        const failed = google.flatMap((s) => s.failures).find((f) => f.dataset === 'google-workspace.users');
        if (failed)
          return call(failed.operation, () =>
            Promise.reject(new Error(`the Workspace user list was not read: ${failed.message}`)),
          );
        const config = ctx.config ?? PeopleConfigSchema.parse({});
        const previous = await rec.previousData('people.graph');
        return buildPeopleGraph(input, config, previous, ctx.now);
      });
    }),
});
