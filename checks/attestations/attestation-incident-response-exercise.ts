import { attestationKind } from '../../src/model/attestation.js';
import { defineCheck } from '../../src/model/check.js';
import { evaluatePeriodicKind } from '../../src/model/datasets/attestations.js';

/** Period: `attestations.kinds.incident-response-exercise.period`; evidence: `assay attest incident-response-exercise`. */
export default defineCheck({
  id: 'attestation-incident-response-exercise',
  title: 'An incident response exercise was held within its period (yearly by default)',
  severity: 'medium',
  rationale:
    'Annex A 5.24 and 5.26 require incident response to be planned, prepared and practised; an untested plan fails on the day it is needed.',
  remediation:
    'Run a tabletop or live exercise, then store its report: assay attest incident-response-exercise --by EMAIL --file exercise-report.pdf.',
  requires: ['attestations.register'],
  controls: attestationKind('incident-response-exercise').controls,
  evaluate: (data, { now }) => evaluatePeriodicKind('incident-response-exercise', data['attestations.register'], now),
});
