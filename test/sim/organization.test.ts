import { describe, expect, it } from 'vitest';
import { startSimulatedOrganization } from '../../sim/organization.js';

describe('startSimulatedOrganization', () => {
  it('is the same organization for the same seed, with truth for every simulated vendor', async () => {
    const a = await startSimulatedOrganization({ seed: 9, githubOrgs: 3, membersPerOrg: 12 });
    const b = await startSimulatedOrganization({ seed: 9, githubOrgs: 3, membersPerOrg: 12 });
    try {
      expect(a.github.orgs).toEqual(b.github.orgs);
      expect(a.truth).toEqual(b.truth);
      expect(a.github.baseUrl).not.toBe(b.github.baseUrl);
      expect(a.github.orgs).toHaveLength(3);
      expect(Object.keys(a.truth)).toEqual(
        expect.arrayContaining(['github-members-2fa-enabled', 'github-org-2fa-required']),
      );
      expect(Object.keys(a.truth).some((k) => k.startsWith('aws-'))).toBe(true);
      expect(Object.keys(a.truth).some((k) => k.startsWith('google-'))).toBe(true);
      expect(a.truth['github-org-2fa-required']!.length).toBeGreaterThanOrEqual(1);
      expect(a.truth['github-members-2fa-enabled']!.length).toBeGreaterThanOrEqual(3);
      expect(a.servers).toEqual(expect.arrayContaining([a.github.server, a.aws.server, a.google.server]));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('applies latency to every answer and stops every server', async () => {
    const sim = await startSimulatedOrganization({ latencyMs: 80, membersPerOrg: 10 });
    const { login, ownerToken } = sim.github.orgs[0]!;
    const t = performance.now();
    const r = await fetch(`${sim.github.baseUrl}/orgs/${login}`, { headers: { authorization: `token ${ownerToken}` } });
    expect(r.status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(70);
    expect(sim.servers.reduce((n, s) => n + s.total(), 0)).toBe(1);
    await sim.stop();
    await sim.stop();
    await expect(fetch(`${sim.github.baseUrl}/orgs/${login}`)).rejects.toThrow();
  });
});
