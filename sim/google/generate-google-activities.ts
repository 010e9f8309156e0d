import type { Random } from '../random.js';
import type { SimActivity, SimActivityParameter, SimGoogleUser, SimToken } from './google-state.js';

const A = 'https://www.googleapis.com/auth/';
const SIGN_IN = ['openid', `${A}userinfo.email`, `${A}userinfo.profile`];
const DAY = 86_400_000;

interface SimApp {
  name: string;
  scopes: string[];
  /** Share of active users who granted it. */
  share: number;
  /** Days ago the grants happened (default 0–29: inside a 30-day window). */
  days?: [number, number];
  /** Every grant revoked afterwards. */
  revoked?: boolean;
  approvedById?: boolean;
  /** Granted 200–400 days ago: past Google's 180-day retention, so only tokens.list still shows it. */
  beforeRetention?: boolean;
}

/**
 * Third-party apps users granted: approved ones (by client id, by name), AI assistants with data scopes (planted),
 * an AI app with sign-in scopes only (not sensitive), one revoked by all its users, one outside the window, a
 * mail-reading utility (planted), one with drive.file only (not sensitive), and two granted before Google's retention
 * (an AI app with Sheets and Drive, a contacts sync: planted, visible to the token inventory only).
 */
const APPS: readonly SimApp[] = [
  {
    name: 'Slack',
    scopes: [`${A}calendar.readonly`, `${A}drive.readonly`, ...SIGN_IN],
    share: 0.6,
    approvedById: true,
  },
  { name: 'Zoom', scopes: [`${A}calendar.events`, ...SIGN_IN], share: 0.3 },
  { name: 'Otter.ai', scopes: [`${A}calendar.readonly`, `${A}drive.readonly`, `${A}userinfo.email`], share: 0.1 },
  { name: 'ChatGPT', scopes: [`${A}drive.readonly`, ...SIGN_IN], share: 0.08 },
  { name: 'Claude', scopes: SIGN_IN, share: 0.2 },
  {
    name: 'Fireflies.ai',
    scopes: [`${A}calendar.readonly`, 'https://mail.google.com/'],
    share: 0.05,
    days: [10, 20],
    revoked: true,
  },
  { name: 'PDF Toolkit Pro', scopes: ['https://mail.google.com/', `${A}userinfo.email`], share: 0.03 },
  { name: 'Diagrams', scopes: [`${A}drive.file`, ...SIGN_IN], share: 0.1 },
  { name: 'Perplexity', scopes: [`${A}drive.readonly`, ...SIGN_IN], share: 0.05, days: [35, 60] },
  {
    name: 'Claude for Sheets',
    scopes: [`${A}spreadsheets`, `${A}drive.readonly`, ...SIGN_IN],
    share: 0.04,
    beforeRetention: true,
  },
  {
    name: 'Legacy CRM Sync',
    scopes: ['https://www.google.com/m8/feeds', `${A}calendar`],
    share: 0.03,
    beforeRetention: true,
  },
];

/** Admin console events around users: the three offboarding events assay reads, and others it must not. */
const ADMIN_NOISE = ['CHANGE_PASSWORD', 'CREATE_USER', 'GRANT_ADMIN_PRIVILEGE', 'CHANGE_USER_ORGANIZATION'] as const;

export function generateGoogleActivities(
  rng: Random,
  opts: { users: readonly SimGoogleUser[]; domain: string; now: number; actors: readonly string[] },
): { activities: SimActivity[]; tokens: SimToken[]; approvedClientIds: string[] } {
  const { users, now, actors } = opts;
  const activities: SimActivity[] = [];
  const ip = () => `198.51.100.${rng.between(1, 254)}`;
  const when = (min: number, max: number) => new Date(now - (min * DAY + rng.int((max - min) * DAY + 1))).toISOString();
  const qualifier = () => `${rng.chance(0.5) ? '-' : ''}${rng.between(10 ** 15, 10 ** 16 - 1)}`;
  const push = (
    applicationName: SimActivity['applicationName'],
    time: string,
    actor: SimGoogleUser | string,
    type: string,
    name: string,
    parameters: SimActivityParameter[],
  ) => {
    const email = typeof actor === 'string' ? actor : actor.primaryEmail;
    const profileId = typeof actor === 'string' ? (users.find((u) => u.primaryEmail === actor)?.id ?? '0') : actor.id;
    activities.push({
      applicationName,
      time,
      uniqueQualifier: qualifier(),
      actorEmail: email,
      actorProfileId: profileId,
      ipAddress: ip(),
      event: { type, name, parameters },
    });
  };
  const admin = () => rng.pick(actors);

  for (const u of users) {
    if (u.suspended)
      push('admin', when(1, 170), admin(), 'USER_SETTINGS', 'SUSPEND_USER', [
        { name: 'USER_EMAIL', value: u.primaryEmail },
      ]);
    if (u.archived)
      push('admin', when(1, 170), admin(), 'USER_SETTINGS', 'ARCHIVE_USER', [
        { name: 'USER_EMAIL', value: u.primaryEmail },
      ]);
  }
  for (let i = 0; i < 3; i++)
    push('admin', when(1, 170), admin(), 'USER_SETTINGS', 'DELETE_USER', [
      { name: 'USER_EMAIL', value: `leaver${i + 1}@${opts.domain}` },
    ]);
  for (let i = 0; i < Math.max(5, Math.floor(users.length / 20)); i++) {
    push('admin', when(0, 170), admin(), 'USER_SETTINGS', rng.pick(ADMIN_NOISE), [
      { name: 'USER_EMAIL', value: rng.pick(users).primaryEmail },
    ]);
  }

  const active = users.filter((u) => !u.suspended && !u.archived && u.lastLoginTime !== '1970-01-01T00:00:00.000Z');
  const approvedClientIds: string[] = [];
  const tokens: SimToken[] = [];
  for (const app of APPS) {
    const clientId = `${rng.between(10 ** 11, 10 ** 12 - 1)}-${rng.hex(32)}.apps.googleusercontent.com`;
    if (app.approvedById) approvedClientIds.push(clientId);
    const grantees = active.filter(() => rng.chance(app.share));
    if (grantees.length === 0) grantees.push(rng.pick(active));
    const [min, max] = app.days ?? [0, 29];
    const params = (): SimActivityParameter[] => [
      { name: 'client_id', value: clientId },
      { name: 'app_name', value: app.name },
      { name: 'client_type', value: 'WEB' },
      { name: 'scope', multiValue: app.scopes },
      {
        name: 'scope_data',
        multiMessageValue: app.scopes.map((s) => ({
          parameter: [
            { name: 'scope_name', value: s },
            { name: 'product_bucket', multiValue: ['OTHER'] },
          ],
        })),
      },
    ];
    for (const u of grantees) {
      if (!app.revoked)
        tokens.push({
          userId: u.id,
          clientId,
          displayText: app.name,
          scopes: [...app.scopes],
          nativeApp: false,
          anonymous: false,
        });
      if (app.beforeRetention) continue;
      const times = app.name === 'Slack' ? rng.between(1, 3) : 1;
      for (let i = 0; i < times; i++)
        push('token', when(app.revoked ? min + 5 : min, max), u, 'auth', 'authorize', params());
      if (app.revoked)
        push('token', when(0, min), u, 'auth', 'revoke', [
          { name: 'client_id', value: clientId },
          { name: 'app_name', value: app.name },
        ]);
      if (rng.chance(0.3))
        push('token', when(0, 5), u, 'auth', 'activity', [
          { name: 'client_id', value: clientId },
          { name: 'app_name', value: app.name },
          { name: 'api_name', value: 'drive' },
        ]);
    }
  }
  activities.sort((a, b) => b.time.localeCompare(a.time));
  return { activities, tokens, approvedClientIds };
}
