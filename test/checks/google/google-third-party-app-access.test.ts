import { describe, expect, it } from 'vitest';
import check from '../../../checks/google/google-third-party-app-access.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { scope } from './google-fixtures.js';

const A = 'https://www.googleapis.com/auth/';
const app = (clientId: string, appName: string | undefined, scopes: string[], users = ['ada@example.com']) => ({
  clientId,
  ...(appName ? { appName } : {}),
  scopes,
  users,
  lastAuthorizedAt: '2026-11-20T10:00:00.000Z',
});
const grants = (apps: ReturnType<typeof app>[]) => ({
  'google-workspace.oauthGrants': { since: '2026-10-24T12:00:00.000Z', apps },
});

describe('google-third-party-app-access', () => {
  it('passes when only sign-in scopes, drive.file or approved apps were granted', () => {
    const fs = evaluate(check, {
      scope,
      data: grants([
        app('1111-signin.apps.googleusercontent.com', 'Figma', [
          'openid',
          `${A}userinfo.email`,
          `${A}userinfo.profile`,
        ]),
        app('2222-files.apps.googleusercontent.com', 'Diagrams', [`${A}drive.file`]),
        app('3333-slack.apps.googleusercontent.com', 'Slack', [`${A}calendar.readonly`, `${A}drive.readonly`]),
        app('4444-zoom.apps.googleusercontent.com', 'Zoom', [`${A}calendar`]),
      ]),
      params: { allowedClientIds: ['3333-slack.apps.googleusercontent.com'], allowedAppNames: ['zoom'] },
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      'No unapproved third-party app was granted sensitive scopes in example.com since 2026-10-24 (4 apps seen, 2 approved with sensitive scopes).',
    ]);
  });

  it('fails per unapproved app with sensitive scopes, labelling AI assistants and raising them to high', () => {
    const fs = evaluate(check, {
      scope,
      data: grants([
        app(
          '5555-otter.apps.googleusercontent.com',
          'Otter.ai',
          [`${A}calendar.readonly`, 'https://mail.google.com/'],
          ['ada@example.com', 'bob@example.com'],
        ),
        app('6666-pdf.apps.googleusercontent.com', 'PDF Merger', [`${A}drive`]),
        app('7777-gpt.apps.googleusercontent.com', 'ChatGPT', [`${A}drive.readonly`, 'openid']),
        app('8888-anon.apps.googleusercontent.com', undefined, [`${A}admin.directory.user`]),
      ]),
    });
    expect(fs.map((f) => [f.resource.id, f.status, f.severity])).toEqual([
      ['5555-otter.apps.googleusercontent.com', 'fail', 'high'],
      ['6666-pdf.apps.googleusercontent.com', 'fail', 'medium'],
      ['7777-gpt.apps.googleusercontent.com', 'fail', 'high'],
      ['8888-anon.apps.googleusercontent.com', 'fail', 'high'],
    ]);
    expect(messages(fs)).toEqual([
      '"Otter.ai" (AI assistant) was granted Gmail, Calendar access by 2 users since 2026-10-24 and is not on the approved list.',
      '"PDF Merger" was granted Drive access by 1 user since 2026-10-24 and is not on the approved list.',
      '"ChatGPT" (AI assistant) was granted Drive access by 1 user since 2026-10-24 and is not on the approved list.',
      'An unnamed app was granted Admin access by 1 user since 2026-10-24 and is not on the approved list.',
    ]);
    expect(fs[0]!.observed).toMatchObject({
      aiAssistant: 'Otter.ai',
      sensitiveAreas: ['Gmail', 'Calendar'],
      userCount: 2,
      users: ['ada@example.com', 'bob@example.com'],
    });
    expect(fs[0]!.controls).toEqual(['iso27001:5.23', 'iso27001:5.19', 'iso42001:A.10.3']);
  });

  it('is an error naming the call when the token report could not be read', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'google-workspace.oauthGrants': {
          kind: 'error',
          operation: 'reports.activities.list(token/authorize)',
          status: 403,
          message: 'HTTP 403 forbidden: Access denied. You are not authorized to read activity records.',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: reports.activities.list(token/authorize) failed (HTTP 403 forbidden: Access denied. You are not authorized to read activity records).',
    ]);
  });
});
