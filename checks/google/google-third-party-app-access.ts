import { z } from 'zod';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import type { ControlRef } from '../../src/model/control.js';
import type { GoogleOauthGrants } from '../../src/model/datasets/google.js';

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
 * The maintained list of AI systems, by app name (shadow AI): `checks.google-third-party-app-access.aiClientIds` and
 * `aiAppNames` add an organization's own. Labelled by what the app is, not by who publishes it: an OAuth grant to an
 * app calling itself Gemini is a third-party grant like any other (Google's built-in Gemini needs none).
 */
const AI_APPS: ReadonlyArray<{ vendor: string; pattern: RegExp }> = [
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

/** Supplier controls apply to every app; the ISO 42001 "use of AI systems" controls only to AI apps. */
const SUPPLIER: readonly ControlRef[] = ['iso27001:5.19', 'iso27001:5.23'];
const AI_USE: readonly ControlRef[] = ['iso42001:A.9.2', 'iso42001:A.9.4'];

const SAMPLE = 25;
const day = (iso: string) => iso.slice(0, 10);

/** What the grants cover, said in every pass: an events window hides older grants, an inventory does not. */
function coverageOf(grants: GoogleOauthGrants): string {
  const c = grants.coverage;
  return c.kind === 'inventory'
    ? `every current grant: tokens.list of every user on ${day(c.bootstrappedAt)}, kept current from token events to ${day(c.currentTo)}`
    : `grants authorised since ${day(c.since)} only: older grants are not visible (Google keeps token events 180 days; sources.google.tokenInventory lists every current grant)`;
}

export default defineCheck({
  id: 'google-third-party-app-access',
  title: 'No unapproved third-party app holds sensitive access to Workspace data',
  severity: 'medium',
  rationale:
    'A user who clicks "Allow" gives an outside company standing access to mail, files or calendars, outside procurement and supplier review; AI note-takers and assistants (shadow AI) are the fastest-growing case, and may train on what they read.',
  remediation:
    'Review the app as a supplier (and an AI app against the AI use policy); if approved, add its client id to checks.google-third-party-app-access.allowedClientIds (and mark it Trusted in Admin console → Security → API controls → App access control); otherwise block it there and revoke its tokens.',
  requires: ['google-workspace.oauthGrants'],
  controls: [...SUPPLIER, ...AI_USE],
  params: z
    .object({
      /** OAuth client ids of approved apps (exact). */
      allowedClientIds: z.array(z.string().min(1)).default([]),
      /** Names of approved apps (case-insensitive, exact). Client ids are safer: anyone can name an app. */
      allowedAppNames: z.array(z.string().min(1)).default([]),
      /** OAuth client ids to treat as AI systems, beyond the maintained list (exact). */
      aiClientIds: z.array(z.string().min(1)).default([]),
      /** App names to treat as AI systems, beyond the maintained list (case-insensitive, exact). */
      aiAppNames: z.array(z.string().min(1)).default([]),
    })
    .strict(),
  evaluate(data, { scope, params }) {
    const grants = data['google-workspace.oauthGrants'];
    const lower = (names: readonly string[]) => new Set(names.map((n) => n.toLowerCase()));
    const allowedIds = new Set(params.allowedClientIds);
    const allowedNames = lower(params.allowedAppNames);
    const aiIds = new Set(params.aiClientIds);
    const aiNames = lower(params.aiAppNames);
    const aiVendor = (clientId: string, name: string | undefined): string | undefined => {
      if (aiIds.has(clientId) || (name !== undefined && aiNames.has(name.toLowerCase()))) return 'configured AI app';
      return name === undefined ? undefined : AI_APPS.find((a) => a.pattern.test(name))?.vendor;
    };
    const results: CheckResult[] = [];
    let approved = 0;
    let aiApps = 0;
    for (const app of grants.apps) {
      const areas = SENSITIVE.filter((s) => app.scopes.some(s.test)).map((s) => s.area);
      if (areas.length === 0) continue;
      const ai = aiVendor(app.clientId, app.appName);
      if (ai) aiApps++;
      if (allowedIds.has(app.clientId) || (app.appName !== undefined && allowedNames.has(app.appName.toLowerCase()))) {
        approved++;
        continue;
      }
      const label = `${app.appName ? `"${app.appName}"` : 'An unnamed app'}${ai ? ' (AI app)' : ''}`;
      const n = app.users.length;
      const access = `${areas.join(', ')} access`;
      const who = `${n} user${n === 1 ? '' : 's'}`;
      results.push({
        status: 'fail',
        severity: ai || areas.includes('Admin') ? 'high' : undefined,
        controls: ai ? [...SUPPLIER, ...AI_USE] : SUPPLIER,
        resource: { type: 'google-oauth-app', id: app.clientId, ...(app.appName ? { name: app.appName } : {}) },
        message:
          grants.coverage.kind === 'inventory'
            ? `${label} holds ${access} for ${who} and is not on the approved list.`
            : `${label} was granted ${access} by ${who} since ${day(grants.coverage.since)} and is not on the approved list.`,
        observed: {
          clientId: app.clientId,
          appName: app.appName ?? 'absent',
          aiApp: ai ?? false,
          sensitiveAreas: areas,
          scopes: app.scopes,
          users: app.users.slice(0, SAMPLE),
          userCount: n,
          ...(app.lastAuthorizedAt ? { lastAuthorizedAt: app.lastAuthorizedAt } : {}),
          coverage: grants.coverage,
        },
      });
    }
    if (results.length > 0) return results;
    const held = grants.coverage.kind === 'inventory' ? 'holds' : 'was granted';
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'google-customer'),
        message: `No unapproved third-party app ${held} sensitive scopes in ${scope.id} (${grants.apps.length} apps seen, ${approved} approved with sensitive scopes, ${aiApps} of them AI apps; covers ${coverageOf(grants)}).`,
        observed: {
          coverage: grants.coverage,
          apps: grants.apps.length,
          approvedWithSensitiveScopes: approved,
          aiAppsWithSensitiveScopes: aiApps,
        },
      },
    ];
  },
});
