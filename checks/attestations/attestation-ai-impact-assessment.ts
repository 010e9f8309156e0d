import { attestationKind } from '../../src/model/attestation.js';
import { defineCheck, scopeResource } from '../../src/model/check.js';
import { attestCommand, periodicResult } from '../../src/model/datasets/attestations.js';

/** One finding per AI system in `attestations.aiSystems`; evidence: `assay attest ai-impact-assessment --system NAME`. */
export default defineCheck({
  id: 'attestation-ai-impact-assessment',
  title: 'Every AI system has an impact assessment within its period (yearly by default)',
  severity: 'medium',
  rationale:
    'ISO/IEC 42001 A.5.2 to A.5.5 require a documented process assessing the consequences of each AI system for individuals, groups and society, repeated as the system and its use change.',
  remediation:
    'Assess the system (intended use, affected people, misuse, societal impact), then store the assessment: assay attest ai-impact-assessment --system NAME --by EMAIL --file assessment.pdf.',
  requires: ['attestations.register'],
  controls: attestationKind('ai-impact-assessment').controls,
  evaluate(data, { now, scope }) {
    const r = data['attestations.register'];
    if (r.aiSystems.length === 0)
      return [
        {
          status: 'not_applicable',
          resource: scopeResource(scope, 'organization'),
          message: 'Not applicable: attestations.aiSystems names no AI system.',
        },
      ];
    const period = r.periods['ai-impact-assessment'] ?? attestationKind('ai-impact-assessment').defaultPeriod;
    return r.aiSystems.map((system) =>
      periodicResult(
        `AI system impact assessment of ${system}`,
        r.attestations.filter((e) => e.kind === 'ai-impact-assessment' && e.system === system),
        period,
        now,
        { type: 'ai-system', id: system },
        attestCommand('ai-impact-assessment', ` --system ${system}`),
      ),
    );
  },
});
