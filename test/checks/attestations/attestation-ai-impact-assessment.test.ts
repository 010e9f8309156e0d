import { describe, expect, it } from 'vitest';
import check from '../../../checks/attestations/attestation-ai-impact-assessment.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { FILE_SHA, entry, recordsFailed, register, scope } from './attestation-fixtures.js';

const KIND = 'ai-impact-assessment';
const run = (...args: Parameters<typeof register>) =>
  evaluate(check, { scope, data: { 'attestations.register': register(...args) } });

describe('attestation-ai-impact-assessment', () => {
  it('passes for each AI system with a current assessment of its own', () => {
    const fs = run([entry(4, KIND, '2026-03-01T09:00:00.000Z', { system: 'chatbot' })], {
      aiSystems: ['chatbot'],
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      `AI system impact assessment of chatbot attested by ciso@example.com on 2026-03-01 (record #4; minutes.pdf sha256 ${FILE_SHA}); next due 2027-03-01.`,
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'ai-system', id: 'chatbot' });
  });

  it('fails, one finding per system, when an assessment lapsed or never happened (another system’s does not count)', () => {
    const fs = run(
      [
        entry(1, KIND, '2025-11-01T09:00:00.000Z', { system: 'scoring' }),
        entry(2, KIND, '2026-11-01T09:00:00.000Z', { system: 'chatbot' }),
      ],
      { aiSystems: ['scoring', 'triage'] },
    );
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      `AI system impact assessment of scoring due since 2026-11-01 (every P1Y): the latest was attested by ciso@example.com on 2025-11-01 (record #1; minutes.pdf sha256 ${FILE_SHA}).`,
      'AI system impact assessment of triage has never been attested (due every P1Y): record it with assay attest ai-impact-assessment --system triage --by EMAIL --file EVIDENCE.',
    ]);
  });

  it('is not applicable when no AI system is listed', () => {
    const fs = run([entry(1, KIND, '2026-11-01T09:00:00.000Z', { system: 'chatbot' })]);
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual(['Not applicable: attestations.aiSystems names no AI system.']);
  });

  it('is an error naming the read when the records could not be read', () => {
    const fs = evaluate(check, { scope, missing: { 'attestations.register': recordsFailed } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: evidence records (attestation) failed (records/0000000003.json: not JSON).',
    ]);
  });
});
