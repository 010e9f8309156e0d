import { attestationKind } from '../../src/model/attestation.js';
import { defineCheck } from '../../src/model/check.js';
import { evaluatePeriodicKind } from '../../src/model/datasets/attestations.js';

/** Period: `attestations.kinds.isms-policy-review.period`; evidence: `assay attest isms-policy-review`. */
export default defineCheck({
  id: 'attestation-isms-policy-review',
  title: 'The information security policy was reviewed within its period (yearly by default)',
  severity: 'medium',
  rationale:
    'Annex A 5.1 requires the information security policy to be reviewed at planned intervals and when significant changes occur; an unreviewed policy drifts from how the organization actually works.',
  remediation:
    'Review and approve the policy, then store the approved version: assay attest isms-policy-review --by EMAIL --file policy.pdf --note "v4 approved".',
  requires: ['attestations.register'],
  controls: attestationKind('isms-policy-review').controls,
  evaluate: (data, { now }) => evaluatePeriodicKind('isms-policy-review', data['attestations.register'], now),
});
