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
const events = (apps: ReturnType<typeof app>[]) => ({
  'google-workspace.oauthGrants': { coverage: { kind: 'events', since: '2026-05-27T12:00:00.000Z' }, apps },
});
const inventory = (apps: ReturnType<typeof app>[]) => ({
  'google-workspace.oauthGrants': {
    coverage: { kind: 'inventory', bootstrappedAt: '2026-09-01T06:00:00.000Z', currentTo: '2026-11-23T12:00:00.000Z' },
    apps: apps.map(({ lastAuthorizedAt: _, ...a }) => a),
  },
});
const SUPPLIER = ['iso27001:5.19', 'iso27001:5.23'];
const ALL = [...SUPPLIER, 'iso42001:A.9.2', 'iso42001:A.9.4'];

describe('google-third-party-app-access', () => {
  it('passes when only sign-in scopes, drive.file or approved apps were granted, saying older grants are not visible', () => {
    const fs = evaluate(check, {
      scope,
      data: events([
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
      'No unapproved third-party app was granted sensitive scopes in example.com (4 apps seen, 2 approved with sensitive scopes, 0 of them AI apps; covers grants authorised since 2026-05-27 only: older grants are not visible (Google keeps token events 180 days; sources.google.tokenInventory lists every current grant)).',
    ]);
    expect(fs[0]!.controls).toEqual(ALL);
  });

  it('passes on the inventory, saying it covers every current grant and how current it is', () => {
    const fs = evaluate(check, {
      scope,
      data: inventory([app('9999-claude.apps.googleusercontent.com', 'Claude for Sheets', [`${A}spreadsheets`])]),
      params: { allowedClientIds: ['9999-claude.apps.googleusercontent.com'] },
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      'No unapproved third-party app holds sensitive scopes in example.com (1 apps seen, 1 approved with sensitive scopes, 1 of them AI apps; covers every current grant: tokens.list of every user on 2026-09-01, kept current from token events to 2026-11-23).',
    ]);
  });

  it('fails per unapproved app with sensitive scopes; AI apps are high and also map to the AI-use controls', () => {
    const fs = evaluate(check, {
      scope,
      data: events([
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
    expect(fs.map((f) => [f.resource.id, f.status, f.severity, f.controls])).toEqual([
      ['5555-otter.apps.googleusercontent.com', 'fail', 'high', ALL],
      ['6666-pdf.apps.googleusercontent.com', 'fail', 'medium', SUPPLIER],
      ['7777-gpt.apps.googleusercontent.com', 'fail', 'high', ALL],
      ['8888-anon.apps.googleusercontent.com', 'fail', 'high', SUPPLIER],
    ]);
    expect(messages(fs)).toEqual([
      '"Otter.ai" (AI app) was granted Gmail, Calendar access by 2 users since 2026-05-27 and is not on the approved list.',
      '"PDF Merger" was granted Drive access by 1 user since 2026-05-27 and is not on the approved list.',
      '"ChatGPT" (AI app) was granted Drive access by 1 user since 2026-05-27 and is not on the approved list.',
      'An unnamed app was granted Admin access by 1 user since 2026-05-27 and is not on the approved list.',
    ]);
    expect(fs[0]!.observed).toMatchObject({
      aiApp: 'Otter.ai',
      sensitiveAreas: ['Gmail', 'Calendar'],
      userCount: 2,
      users: ['ada@example.com', 'bob@example.com'],
      coverage: { kind: 'events', since: '2026-05-27T12:00:00.000Z' },
    });
  });

  it('fails on the inventory for what an app holds now, and takes configured AI apps by client id and name', () => {
    const fs = evaluate(check, {
      scope,
      data: inventory([
        app('1212-notes.apps.googleusercontent.com', 'Acme Notes', [`${A}drive.readonly`]),
        app('1313-helper.apps.googleusercontent.com', 'Helper', [`${A}calendar`]),
        app('1414-sync.apps.googleusercontent.com', 'Legacy CRM Sync', ['https://www.google.com/m8/feeds']),
      ]),
      params: { aiClientIds: ['1212-notes.apps.googleusercontent.com'], aiAppNames: ['HELPER'] },
    });
    expect(fs.map((f) => [f.status, f.severity, f.controls])).toEqual([
      ['fail', 'high', ALL],
      ['fail', 'high', ALL],
      ['fail', 'medium', SUPPLIER],
    ]);
    expect(messages(fs)).toEqual([
      '"Acme Notes" (AI app) holds Drive access for 1 user and is not on the approved list.',
      '"Helper" (AI app) holds Calendar access for 1 user and is not on the approved list.',
      '"Legacy CRM Sync" holds Contacts and directory access for 1 user and is not on the approved list.',
    ]);
    expect(fs[0]!.observed).toMatchObject({ aiApp: 'configured AI app' });
    expect(fs[0]!.observed).not.toHaveProperty('lastAuthorizedAt');
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

  it('is an error naming tokens.list when the inventory could not be kept', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'google-workspace.oauthGrants': {
          kind: 'error',
          operation: 'directory.tokens.list',
          status: 403,
          message: 'HTTP 403 insufficientPermissions: Request had insufficient authentication scopes.',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: directory.tokens.list failed (HTTP 403 insufficientPermissions: Request had insufficient authentication scopes).',
    ]);
  });
});
