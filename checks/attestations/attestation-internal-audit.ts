import { attestationKind } from '../../src/model/attestation.js';
import { defineCheck } from '../../src/model/check.js';
import { evaluatePeriodicKind } from '../../src/model/datasets/attestations.js';

/** Period: `attestations.kinds.internal-audit.period`; evidence: `assay attest internal-audit`. */
export default defineCheck({
  id: 'attestation-internal-audit',
  title: 'An internal audit was completed within its period (yearly by default)',
  severity: 'medium',
  rationale:
    'Annex A 5.35 (and clause 9.2) require an independent review of information security at planned intervals; its report is what certification auditors ask for first.',
  remediation:
    'Complete the internal audit, then store its report: assay attest internal-audit --by EMAIL --file audit-report.pdf --covers FY2026.',
  requires: ['attestations.register'],
  controls: attestationKind('internal-audit').controls,
  evaluate: (data, { now }) => evaluatePeriodicKind('internal-audit', data['attestations.register'], now),
});
