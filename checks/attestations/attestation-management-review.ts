import { attestationKind } from '../../src/model/attestation.js';
import { defineCheck } from '../../src/model/check.js';
import { evaluatePeriodicKind } from '../../src/model/datasets/attestations.js';

/** Period: `attestations.kinds.management-review.period`; evidence: `assay attest management-review`. */
export default defineCheck({
  id: 'attestation-management-review',
  title: 'Top management reviewed the management system within its period (quarterly by default)',
  severity: 'medium',
  rationale:
    'ISO/IEC 27001 clause 9.3 and ISO/IEC 42001 clause 9.3 require top management to review the management system at planned intervals; without minutes there is no evidence that management directs security and AI governance (Annex A 5.4, A.3.2).',
  remediation:
    'Hold the management review, then store its minutes: assay attest management-review --by EMAIL --file minutes.pdf --covers 2026Q4.',
  requires: ['attestations.register'],
  controls: attestationKind('management-review').controls,
  evaluate: (data, { now }) => evaluatePeriodicKind('management-review', data['attestations.register'], now),
});
