import { describe, expect, it } from 'vitest';
import { startSimulatedOrganization } from '../../sim/organization.js';
import { googleTruth } from '../../sim/google/google-truth.js';
import { accessToken } from './google-token.js';

describe('the simulated organization includes a Workspace customer', () => {
  it('serves it with a working service account key and contributes its truth', async () => {
    const sim = await startSimulatedOrganization({ seed: 4, googleUsers: 50 });
    try {
      const g = sim.google;
      expect(g.customer).toBe('my_customer');
      expect(g.state.users).toHaveLength(50);
      expect(sim.servers).toContain(g.server);
      for (const [id, list] of Object.entries(googleTruth(g.state))) expect(sim.truth[id]).toEqual(list);
      const token = await accessToken(g.tokenUrl, g.serviceAccountKeyJson, { sub: g.subject });
      const r = await fetch(new URL('admin/directory/v1/users?customer=my_customer&maxResults=1', g.rootUrl), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(r.status).toBe(200);
    } finally {
      await sim.stop();
    }
  });
});
