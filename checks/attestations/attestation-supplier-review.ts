import { attestationKind } from '../../src/model/attestation.js';
import { defineCheck } from '../../src/model/check.js';
import { evaluatePeriodicKind } from '../../src/model/datasets/attestations.js';

/** Period: `attestations.kinds.supplier-review.period`; evidence: `assay attest supplier-review`. */
export default defineCheck({
  id: 'attestation-supplier-review',
  title: 'Suppliers were reviewed within the period (yearly by default)',
  severity: 'medium',
  rationale:
    'Annex A 5.19 to 5.22 (and ISO/IEC 42001 A.10.3) require supplier risks to be agreed, monitored and reviewed; a supplier list nobody reviewed hides lapsed certifications and new sub-processors.',
  remediation:
    'Review the supplier register (certifications, agreements, sub-processors, AI suppliers), then store the review: assay attest supplier-review --by EMAIL --file supplier-review.xlsx.',
  requires: ['attestations.register'],
  controls: attestationKind('supplier-review').controls,
  evaluate: (data, { now }) => evaluatePeriodicKind('supplier-review', data['attestations.register'], now),
});
