import { describe, expect, it } from 'vitest';
import { generateGithub } from '../../sim/github/generate-github.js';
import { membersOf } from '../../sim/github/github-state.js';
import { githubTruth } from '../../sim/github/github-truth.js';
import { Random } from '../../sim/random.js';

const gen = (seed: number, orgs = 3, membersPerOrg = 40) => generateGithub(new Random(seed), { orgs, membersPerOrg });

describe('generateGithub', () => {
  it('gives the same state for the same seed, another for another seed', () => {
    expect(gen(42)).toEqual(gen(42));
    expect(gen(43)).not.toEqual(gen(42));
  });

  it('gives each organization the requested members, unique logins and ids', () => {
    const s = gen(7, 4, 25);
    expect(s.orgs).toHaveLength(4);
    expect(new Set(s.orgs.map((o) => o.login)).size).toBe(4);
    expect(new Set(s.users.map((u) => u.login)).size).toBe(s.users.length);
    expect(new Set([...s.users.map((u) => u.id), ...s.orgs.map((o) => o.id)]).size).toBe(
      s.users.length + s.orgs.length,
    );
    for (const o of s.orgs) {
      expect(o.members).toHaveLength(25);
      expect(new Set(o.members.map((m) => m.login)).size).toBe(25);
    }
  });

  it('issues fake tokens that cannot be mistaken for GitHub tokens', () => {
    const s = gen(1);
    const tokens = Object.keys(s.tokens);
    expect(tokens).toHaveLength(1 + 2 * s.orgs.length);
    for (const t of tokens) {
      expect(t).toMatch(/^sim-(owner|member)-token-[0-9a-f]{24}$/);
      expect(t).not.toMatch(/^(gh[pousr]_|github_pat_)/);
    }
    for (const o of s.orgs) {
      const role = (token: string) => o.members.find((m) => m.login === s.tokens[token])?.role;
      expect(role(o.ownerToken)).toBe('admin');
      expect(role(o.memberToken)).toBe('member');
      expect(role(s.adminToken)).toBe('admin');
    }
  });

  it('plants the violations: the first org does not require 2FA and has members, an owner among them, without it', () => {
    for (const seed of [1, 2, 3, 42, 1000]) {
      const s = gen(seed, 2);
      const [first, second] = s.orgs;
      expect(first!.settings.two_factor_requirement_enabled).toBe(false);
      expect(second!.settings.two_factor_requirement_enabled).toBe(true);
      const without = membersOf(s, first!).filter((m) => m.twoFactor === 'disabled');
      expect(without.length).toBeGreaterThanOrEqual(3);
      expect(without.some((m) => m.role === 'admin')).toBe(true);
      expect(
        membersOf(s, first!).some((m) => m.twoFactor === 'insecure') ||
          membersOf(s, second!).some((m) => m.twoFactor === 'insecure'),
      ).toBe(true);
    }
  });

  it('keeps members without 2FA out of organizations that require it, as GitHub does', () => {
    const s = gen(5, 6);
    for (const o of s.orgs.filter((x) => x.settings.two_factor_requirement_enabled)) {
      expect(membersOf(s, o).filter((m) => m.twoFactor === 'disabled')).toEqual([]);
    }
  });

  it('derives the ground truth from the state', () => {
    const s = gen(42, 2);
    const truth = githubTruth(s);
    const [first] = s.orgs;
    expect(truth['github-org-2fa-required']).toEqual([{ scopeId: first!.login, resourceId: first!.login }]);
    const expected = membersOf(s, first!)
      .filter((m) => m.twoFactor === 'disabled')
      .map((m) => ({ scopeId: first!.login, resourceId: m.login }));
    expect(truth['github-members-2fa-enabled']).toEqual(expected);

    first!.settings.two_factor_requirement_enabled = true;
    expect(githubTruth(s)['github-org-2fa-required']).toEqual([]);
  });

  it('refuses sizes it cannot plant into', () => {
    expect(() => gen(1, 0)).toThrow(RangeError);
    expect(() => gen(1, 1, 5)).toThrow(RangeError);
  });
});
