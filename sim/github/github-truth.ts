import type { GroundTruth } from '../ground-truth.js';
import { membersOf, type GithubState } from './github-state.js';
import { githubPullsTruth } from './github-pulls-truth.js';

/** The GitHub violations in `state`: organizations not requiring 2FA, and members with 2FA disabled (SMS counts as on). */
export function githubTruth(state: GithubState): GroundTruth {
  return {
    ...githubPullsTruth(state),
    'github-org-2fa-required': state.orgs
      .filter((o) => !o.settings.two_factor_requirement_enabled)
      .map((o) => ({ scopeId: o.login, resourceId: o.login })),
    'github-members-2fa-enabled': state.orgs.flatMap((o) =>
      membersOf(state, o)
        .filter((m) => m.twoFactor === 'disabled')
        .map((m) => ({ scopeId: o.login, resourceId: m.login })),
    ),
  };
}
