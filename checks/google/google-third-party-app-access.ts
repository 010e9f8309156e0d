import { z } from 'zod';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';

const AUTH = 'https://www.googleapis.com/auth/';

/**
 * Scopes that reach company data or control, by what they expose. Google's own classification (restricted: Gmail,
 * Drive; sensitive: Calendar, Contacts, Docs …) https://support.google.com/cloud/answer/13464321 ; `drive.file`,
 * `drive.appdata` and sign-in scopes (openid, email, profile) are not sensitive.
 */
const SENSITIVE: ReadonlyArray<{ area: string; test: (scope: string) => boolean }> = [
  { area: 'Gmail', test: (s) => s === 'https://mail.google.com/' || s.startsWith(`${AUTH}gmail.`) },
  {
    area: 'Drive',
    test: (s) =>
      /^https:\/\/www\.googleapis\.com\/auth\/drive(\.(?!file$|appdata$|install$|appfolder$)[\w.]+)?$/.test(s),
  },
  {
    area: 'Docs, Sheets, Slides',
    test: (s) => /^https:\/\/www\.googleapis\.com\/auth\/(documents|spreadsheets|presentations)(\.[\w.]+)?$/.test(s),
  },
  { area: 'Calendar', test: (s) => s.startsWith(`${AUTH}calendar`) },
  {
    area: 'Contacts and directory',
    test: (s) =>
      /^https:\/\/www\.googleapis\.com\/auth\/(contacts|directory\.readonly)/.test(s) ||
      s === 'https://www.google.com/m8/feeds',
  },
  { area: 'Chat', test: (s) => s.startsWith(`${AUTH}chat.`) },
  {
    area: 'Admin',
    test: (s) =>
      s.startsWith(`${AUTH}admin.`) ||
      s.startsWith(`${AUTH}apps.`) ||
      s.startsWith(`${AUTH}cloud-identity`) ||
      s.startsWith(`${AUTH}ediscovery`),
  },
  { area: 'Google Cloud', test: (s) => s === `${AUTH}cloud-platform` },
];

/**
 * AI assistants by app name (shadow AI). Labelled by what the app is, not by who publishes it: an OAuth grant to an
 * app calling itself Gemini is a third-party grant like any other (Google's built-in Gemini needs none).
 */
const AI_ASSISTANTS: ReadonlyArray<{ vendor: string; pattern: RegExp }> = [
  { vendor: 'OpenAI (ChatGPT)', pattern: /chat\s*gpt|open\s*ai/i },
  { vendor: 'Anthropic (Claude)', pattern: /claude|anthropic/i },
  { vendor: 'Otter.ai', pattern: /otter/i },
  { vendor: 'Fireflies.ai', pattern: /fireflies/i },
  { vendor: 'Perplexity', pattern: /perplexity/i },
  { vendor: 'Gemini', pattern: /gemini/i },
  { vendor: 'Microsoft Copilot', pattern: /copilot/i },
  { vendor: 'Read AI', pattern: /\bread\.?\s?ai\b/i },
  { vendor: 'Fathom', pattern: /fathom/i },
  { vendor: 'tl;dv', pattern: /tl;?dv/i },
  { vendor: 'Granola', pattern: /granola/i },
  { vendor: 'Mistral', pattern: /mistral|le chat/i },
  { vendor: 'Jasper', pattern: /jasper/i },
  { vendor: 'Grammarly', pattern: /grammarly/i },
  { vendor: 'meeting note-taker', pattern: /notta|tactiq|avoma|meetgeek|sembly|krisp|supernormal|airgram/i },
  { vendor: 'AI assistant (by name)', pattern: /\b(ai|gpt|llm)\b/i },
];

const SAMPLE = 25;

export default defineCheck({
  id: 'google-third-party-app-access',
  title: 'No unapproved third-party app was granted sensitive access to Workspace data within the lookback window',
  severity: 'medium',
  rationale:
    'A user who clicks "Allow" gives an outside company standing access to mail, files or calendars, outside procurement and supplier review; AI note-takers and assistants (shadow AI) are the fastest-growing case, and may train on what they read.',
  remediation:
    'Review the app as a supplier; if approved, add its client id to checks.google-third-party-app-access.allowedClientIds (and mark it Trusted in Admin console → Security → API controls → App access control); otherwise block it there and revoke its tokens.',
  requires: ['google-workspace.oauthGrants'],
  controls: ['iso27001:5.23', 'iso27001:5.19', 'iso42001:A.10.3'],
  params: z
    .object({
      /** OAuth client ids of approved apps (exact). */
      allowedClientIds: z.array(z.string().min(1)).default([]),
      /** Names of approved apps (case-insensitive, exact). Client ids are safer: anyone can name an app. */
      allowedAppNames: z.array(z.string().min(1)).default([]),
    })
    .strict(),
  evaluate(data, { scope, params }) {
    const grants = data['google-workspace.oauthGrants'];
    const allowedIds = new Set(params.allowedClientIds);
    const allowedNames = new Set(params.allowedAppNames.map((n) => n.toLowerCase()));
    const since = grants.since.slice(0, 10);
    const results: CheckResult[] = [];
    let approved = 0;
    for (const app of grants.apps) {
      const areas = SENSITIVE.filter((s) => app.scopes.some(s.test)).map((s) => s.area);
      if (areas.length === 0) continue;
      if (allowedIds.has(app.clientId) || (app.appName !== undefined && allowedNames.has(app.appName.toLowerCase()))) {
        approved++;
        continue;
      }
      const ai = app.appName ? AI_ASSISTANTS.find((a) => a.pattern.test(app.appName!)) : undefined;
      const label = `${app.appName ? `"${app.appName}"` : 'An unnamed app'}${ai ? ' (AI assistant)' : ''}`;
      const n = app.users.length;
      results.push({
        status: 'fail',
        severity: ai || areas.includes('Admin') ? 'high' : undefined,
        resource: { type: 'google-oauth-app', id: app.clientId, ...(app.appName ? { name: app.appName } : {}) },
        message: `${label} was granted ${areas.join(', ')} access by ${n} user${n === 1 ? '' : 's'} since ${since} and is not on the approved list.`,
        observed: {
          clientId: app.clientId,
          appName: app.appName ?? 'absent',
          aiAssistant: ai ? ai.vendor : false,
          sensitiveAreas: areas,
          scopes: app.scopes,
          users: app.users.slice(0, SAMPLE),
          userCount: n,
          lastAuthorizedAt: app.lastAuthorizedAt,
        },
      });
    }
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'google-customer'),
        message: `No unapproved third-party app was granted sensitive scopes in ${scope.id} since ${since} (${grants.apps.length} apps seen, ${approved} approved with sensitive scopes).`,
        observed: { since: grants.since, apps: grants.apps.length, approvedWithSensitiveScopes: approved },
      },
    ];
  },
});
