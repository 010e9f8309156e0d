import { attestationKind } from '../../src/model/attestation.js';
import { defineCheck } from '../../src/model/check.js';
import { evaluatePeriodicKind } from '../../src/model/datasets/attestations.js';

/** Period: `attestations.kinds.ai-policy-review.period`; evidence: `assay attest ai-policy-review`. */
export default defineCheck({
  id: 'attestation-ai-policy-review',
  title: 'The AI policy was reviewed within its period (yearly by default)',
  severity: 'medium',
  rationale:
    'ISO/IEC 42001 A.2.2 and A.2.4 require a documented AI policy reviewed at planned intervals, so it stays suitable as AI use and regulation change.',
  remediation:
    'Review and approve the AI policy, then store it: assay attest ai-policy-review --by EMAIL --file ai-policy.pdf.',
  requires: ['attestations.register'],
  controls: attestationKind('ai-policy-review').controls,
  evaluate: (data, { now }) => evaluatePeriodicKind('ai-policy-review', data['attestations.register'], now),
});
