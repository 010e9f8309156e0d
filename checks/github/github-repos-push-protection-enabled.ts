import { defineCheck } from '../../src/model/check.js';
import { evaluateRepoFeature } from './support/repo-feature.js';

/** https://docs.github.com/en/code-security/secret-scanning/introduction/about-push-protection */
export default defineCheck({
  id: 'github-repos-push-protection-enabled',
  title: 'Secret-scanning push protection is enabled on every active repository',
  severity: 'high',
  rationale:
    'Push protection blocks a push that contains a recognised secret, so the credential never reaches the repository history.',
  remediation:
    'Organization settings → Code security → Configurations: enable "Push protection" in the configuration applied to all repositories. Private and internal repositories need GitHub Secret Protection: buy it for them, or block secrets before they are pushed by other means and record an exception.',
  requires: ['github.repoSecurity'],
  controls: ['iso27001:5.17', 'iso27001:8.12', 'iso27001:8.28'],
  evaluate(data, { scope }) {
    return evaluateRepoFeature(
      data['github.repoSecurity'],
      scope,
      'secret_scanning_push_protection',
      'Push protection',
    );
  },
});
