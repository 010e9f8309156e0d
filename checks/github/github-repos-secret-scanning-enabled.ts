import { defineCheck } from '../../src/model/check.js';
import { evaluateRepoFeature } from './support/repo-feature.js';

/** https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning */
export default defineCheck({
  id: 'github-repos-secret-scanning-enabled',
  title: 'Secret scanning is enabled on every active repository',
  severity: 'high',
  rationale:
    'Secret scanning finds credentials committed to code (cloud keys, AI provider keys, tokens) so they can be revoked before someone else uses them.',
  remediation:
    'Organization settings → Code security → Configurations: apply a configuration with secret scanning enabled to all repositories. Private and internal repositories need GitHub Secret Protection: buy it for them, or scan them by other means and record an exception.',
  requires: ['github.repoSecurity'],
  controls: ['iso27001:5.17', 'iso27001:8.12', 'iso27001:8.28'],
  evaluate(data, { scope }) {
    return evaluateRepoFeature(data['github.repoSecurity'], scope, 'secret_scanning', 'Secret scanning');
  },
});
