import { describe, expect, it } from 'vitest';
import { ticketIntents } from '../../src/tickets/ticket-intents.js';
import { TicketsConfigSchema } from '../../src/model/config/tickets-config.js';
import { finding } from '../alerts/finding-fixture.js';

const cfg = TicketsConfigSchema.parse({
  system: 'github',
  github: { baseUrl: 'http://127.0.0.1:1', token: { env: 'T' }, repository: 'acme/security' },
});

describe('offboarding tickets', () => {
  it('open one ticket per departed person, listing each system the people checks report', () => {
    const perSystem = (system: string) =>
      finding({
        id: `dana@example.com ${system}`,
        checkId: 'people-offboarded-access',
        scope: { kind: 'global', id: 'organization' },
        resource: { type: 'person', id: `dana@example.com ${system}`, name: 'Dana Departed' },
        message: `Dana Departed still has access in ${system}.`,
      });
    const intents = ticketIntents([perSystem('github/acme'), perSystem('aws-iam/111122223333')], cfg, {
      runId: 'r1',
    });
    const offboarding = intents.filter((i) => i.kind === 'offboarding');
    expect(offboarding).toHaveLength(1);
    expect(offboarding[0]!.draft.key).toBe('offboarding|dana@example.com');
    expect(offboarding[0]!.findingKeys).toHaveLength(2);
    expect(offboarding[0]!.draft.body).toContain('still has access in github/acme');
    expect(offboarding[0]!.draft.body).toContain('still has access in aws-iam/111122223333');
  });

  it("goes by default to the departed person's manager from the identity graph", () => {
    const f = finding({
      id: 'dana@example.com github/acme',
      checkId: 'people-offboarded-access',
      resource: { type: 'person', id: 'dana@example.com github/acme', name: 'Dana Departed' },
    });
    const graph = {
      systems: [],
      persons: [
        {
          email: 'dana@example.com',
          state: 'suspended' as const,
          executiveVia: [],
          admin: [],
          manager: 'mia@example.com',
        },
      ],
      accounts: [],
      conflicts: [],
      revocations: [],
      activityAfterOffboarding: [],
      offboardingSlaHours: 24,
    };
    const [intent] = ticketIntents([f], { ...cfg, assignee: 'secops-lead' }, { runId: 'r1', people: { graph } });
    expect(intent!.assign).toEqual({
      person: { email: 'mia@example.com', via: 'manager' },
      fallback: 'secops-lead',
    });
    expect(intent!.draft.assignee).toBeUndefined();
  });
});
