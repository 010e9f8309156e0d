import { describe, expect, it } from 'vitest';
import { generateGoogle } from '../../sim/google/generate-google.js';
import { googleTruth } from '../../sim/google/google-truth.js';
import { Random } from '../../sim/random.js';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const make = (seed: number, users = 60) => generateGoogle(new Random(seed).fork('google'), { users, now: NOW });

describe('generateGoogle', () => {
  it('is the same customer for the same seed and a different one for another seed', () => {
    expect(make(5)).toEqual(make(5));
    expect(make(5).users.map((u) => u.id)).not.toEqual(make(6).users.map((u) => u.id));
  });

  it('plants at least one violation for every Workspace check, and the traps each check must not flag', () => {
    const state = make(11);
    const truth = googleTruth(state);
    const d = state.domain;
    expect(Object.keys(truth).sort()).toEqual([
      'google-2sv-enforced',
      'google-2sv-enrolled',
      'google-admins-2sv',
      'google-executives-2sv',
      'google-inactive-accounts',
      'google-super-admin-count',
      'google-third-party-app-access',
    ]);
    for (const list of Object.values(truth)) expect(list.length).toBeGreaterThan(0);
    const ids = (check: string) => truth[check]!.map((t) => t.resourceId);
    expect(ids('google-2sv-enforced')).toEqual(['/Contractors', '/Leadership/Board']);
    expect(ids('google-executives-2sv').sort()).toEqual([`board.advisor@${d}`, `cto@${d}`]);
    expect(ids('google-admins-2sv')).toEqual(expect.arrayContaining([`ops.admin@${d}`]));
    expect(ids('google-admins-2sv')).not.toContain(`former.admin@${d}`);
    expect(ids('google-super-admin-count')).toEqual([d]);
    expect(ids('google-inactive-accounts')).not.toContain(`breakglass-1@${d}`);
    expect(ids('google-2sv-enrolled')).not.toContain(`former.admin@${d}`);
    const appNames = new Map(state.tokens.map((t) => [t.clientId, t.displayText]));
    const flagged = () => {
      const apps = googleTruth(state)['google-third-party-app-access']!;
      return apps.map((t) => appNames.get(t.resourceId)).sort();
    };
    // The token inventory sees every current grant, the two made before Google's 180-day retention included.
    expect(flagged()).toEqual([
      'ChatGPT',
      'Claude for Sheets',
      'Legacy CRM Sync',
      'Otter.ai',
      'PDF Toolkit Pro',
      'Perplexity',
    ]);
    const old = new Set(
      state.tokens
        .filter((t) => ['Claude for Sheets', 'Legacy CRM Sync'].includes(t.displayText))
        .map((t) => t.clientId),
    );
    expect(
      state.activities.some((a) => old.has(a.event.parameters.find((p) => p.name === 'client_id')?.value ?? '')),
    ).toBe(false);
    // Without it only token events in the window count: those two stay invisible; Fireflies.ai was revoked by all.
    state.designations.tokenInventory = false;
    expect(flagged()).toEqual(['ChatGPT', 'Otter.ai', 'PDF Toolkit Pro', 'Perplexity']);
    state.designations.lookbackDays = 30;
    expect(flagged()).toEqual(['ChatGPT', 'Otter.ai', 'PDF Toolkit Pro']);
  });

  it('refuses a directory too small to hold the planted cases', () => {
    expect(() => make(1, 10)).toThrow('users must be an integer of at least 40, got 10');
  });
});
