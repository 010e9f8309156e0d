import type { Random } from '../random.js';
import { randomPerson } from '../random-person.js';
import { generateGoogleActivities } from './generate-google-activities.js';
import type {
  GoogleState,
  SimGoogleGroup,
  SimGoogleRole,
  SimGoogleRoleAssignment,
  SimGoogleUser,
} from './google-state.js';

export interface GenerateGoogleOptions {
  /** Users in the directory, suspended and archived ones included (at least 40). */
  users: number;
  /** The clock everything is dated against. */
  now: Date;
}

export const GOOGLE_READ_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.member.readonly',
  'https://www.googleapis.com/auth/admin.directory.rolemanagement.readonly',
  'https://www.googleapis.com/auth/admin.reports.audit.readonly',
];
/** Delegated too: the simulated company runs the token inventory. */
export const GOOGLE_TOKEN_INVENTORY_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user.security';

const COMPANIES = ['northwind-ai', 'lumen-labs', 'quanta-ml', 'fathomless', 'tessellate'] as const;
/** Org units and whether 2-Step Verification is enforced there (the planted gaps: contractors and the board). */
const UNITS: ReadonlyArray<[string, boolean]> = [
  ['/Engineering', true],
  ['/Research', true],
  ['/Sales', true],
  ['/Operations', true],
  ['/Leadership', true],
  ['/Leadership/Finance', true],
  ['/Leadership/Board', false],
  ['/Contractors', false],
];
const FILLER_UNITS = ['/Engineering', '/Engineering', '/Research', '/Research', '/Sales', '/Operations', '/'] as const;
const MIN_USERS = 40;
const NEVER = '1970-01-01T00:00:00.000Z';

const enforcedIn = (unit: string): boolean => UNITS.find(([u]) => u === unit)?.[1] ?? true;

/** System roles carry Google's names; the super admin role is recognised by isSuperAdminRole, so it is renamed here. */
function roles(rng: Random): SimGoogleRole[] {
  const id = () => `9${rng.between(10 ** 15, 10 ** 16 - 1)}`;
  return [
    {
      roleId: id(),
      roleName: '_SEED_ADMIN_ROLE',
      roleDescription: 'Super Admin',
      isSystemRole: true,
      isSuperAdminRole: true,
      privileges: [{ serviceId: '00haapch16h1ysv', privilegeName: 'SUPER_ADMIN' }],
    },
    {
      roleId: id(),
      roleName: '_HELP_DESK_ADMIN_ROLE',
      roleDescription: 'Help Desk Admin',
      isSystemRole: true,
      isSuperAdminRole: false,
      privileges: [{ serviceId: '00haapch16h1ysv', privilegeName: 'USERS_RESET_PASSWORD' }],
    },
    {
      roleId: id(),
      roleName: '_USER_MANAGEMENT_ADMIN_ROLE',
      roleDescription: 'User Management Admin',
      isSystemRole: true,
      isSuperAdminRole: false,
      privileges: [{ serviceId: '00haapch16h1ysv', privilegeName: 'USERS_ALL' }],
    },
    {
      roleId: id(),
      roleName: 'Security Reviewer',
      roleDescription: 'Reads security reports',
      isSystemRole: false,
      isSuperAdminRole: false,
      privileges: [{ serviceId: '01ci93xb3tmzyin', privilegeName: 'REPORTS_ACCESS' }],
    },
  ];
}

/**
 * A seeded Workspace customer with planted violations, each one a case a check must catch or must not flag:
 * an org unit without 2SV enforcement (/Contractors) and an executive in another (/Leadership/Board); a CTO not
 * enrolled; five super admins (maximum 4) one of them not enrolled; a group-held admin role whose member is not
 * enrolled; a break-glass super admin who never signs in (not counted, not stale); suspended and archived users
 * without 2SV (ignored); stale, never-used and brand-new accounts; AI and other apps granted sensitive scopes.
 */
export function generateGoogle(rng: Random, opts: GenerateGoogleOptions): GoogleState {
  if (!Number.isInteger(opts.users) || opts.users < MIN_USERS)
    throw new RangeError(`users must be an integer of at least ${MIN_USERS}, got ${opts.users}`);
  const now = opts.now.getTime();
  const company = rng.pick(COMPANIES);
  const domain = `${company}.example`;
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();
  const daysAgo = (min: number, max: number) => at(rng.between(min * 24, max * 24) * 3_600_000 + rng.int(3_600_000));
  const users: SimGoogleUser[] = [];
  const taken = new Set<string>();
  let nextId = 100_000_000_000_000_000_000n + BigInt(rng.int(1_000_000_000));

  const add = (local: string | undefined, unit: string, extra: Partial<SimGoogleUser> = {}): SimGoogleUser => {
    const p = randomPerson(rng);
    let name = (local ?? `${p.first}.${p.last}`).toLowerCase();
    for (let n = 2; taken.has(name); n++) name = `${(local ?? `${p.first}.${p.last}`).toLowerCase()}${n}`;
    taken.add(name);
    nextId += BigInt(rng.between(1, 9_999_999));
    const u: SimGoogleUser = {
      id: nextId.toString(),
      primaryEmail: `${name}@${domain}`,
      givenName: p.first,
      familyName: p.last,
      isAdmin: false,
      isDelegatedAdmin: false,
      isEnrolledIn2Sv: true,
      isEnforcedIn2Sv: enforcedIn(unit),
      suspended: false,
      archived: false,
      creationTime: daysAgo(200, 2000),
      lastLoginTime: daysAgo(0, 20),
      orgUnitPath: unit,
      ...extra,
    };
    users.push(u);
    return u;
  };

  // Leadership: the executives group holds the CFO directly and the founders through a nested group.
  const ceo = add('ceo', '/Leadership', { isAdmin: true });
  const cto = add('cto', '/Leadership', { isEnrolledIn2Sv: false });
  const cfo = add('cfo', '/Leadership/Finance');
  add('board.advisor', '/Leadership/Board');
  const chief = add('chief.of.staff', '/Leadership');
  // Super admins: ceo plus four more (one without 2SV) is five, over the maximum of four.
  const supers = [
    ceo,
    add('it.lead', '/Operations', { isAdmin: true }),
    add('sec.lead', '/Engineering', { isAdmin: true }),
    add('ops.admin', '/Operations', { isAdmin: true, isEnrolledIn2Sv: false }),
    add('platform.admin', '/Engineering', { isAdmin: true }),
  ];
  const breakGlass = add('breakglass-1', '/Operations', {
    isAdmin: true,
    lastLoginTime: daysAgo(200, 300),
    creationTime: daysAgo(900, 1000),
  });
  const formerAdmin = add('former.admin', '/Operations', {
    isAdmin: true,
    suspended: true,
    suspensionReason: 'ADMIN',
    isEnrolledIn2Sv: false,
    lastLoginTime: daysAgo(100, 150),
  });
  const helpdesk = add('helpdesk', '/Operations', { isDelegatedAdmin: true });
  const reviewer = add('security.reviewer', '/Engineering', { isDelegatedAdmin: true });
  const support1 = add(undefined, '/Operations');
  const support2 = add(undefined, '/Operations', { isEnrolledIn2Sv: false });
  // Contractors: no enforcement there, one not enrolled either.
  add(undefined, '/Contractors');
  add(undefined, '/Contractors');
  add(undefined, '/Contractors', { isEnrolledIn2Sv: false });
  // Lifecycle: stale, never used, brand new, suspended and archived accounts.
  add(undefined, '/Sales', { lastLoginTime: daysAgo(120, 400) });
  add(undefined, '/Research', { lastLoginTime: NEVER, creationTime: daysAgo(150, 300) });
  add(undefined, '/Engineering', { lastLoginTime: NEVER, creationTime: daysAgo(1, 20), isEnrolledIn2Sv: false });
  add(undefined, '/Sales', {
    suspended: true,
    suspensionReason: 'ADMIN',
    isEnrolledIn2Sv: false,
    lastLoginTime: daysAgo(100, 300),
  });
  add(undefined, '/Engineering', { archived: true, isEnrolledIn2Sv: false, lastLoginTime: daysAgo(200, 500) });

  while (users.length < opts.users) {
    const unit = rng.pick(FILLER_UNITS);
    const r = rng.next();
    if (r < 0.03)
      add(undefined, unit, {
        suspended: true,
        suspensionReason: 'ADMIN',
        lastLoginTime: daysAgo(30, 400),
        isEnrolledIn2Sv: rng.chance(0.5),
      });
    else if (r < 0.04) add(undefined, unit, { archived: true, lastLoginTime: daysAgo(60, 600) });
    else if (r < 0.07) add(undefined, unit, { isEnrolledIn2Sv: false, lastLoginTime: daysAgo(0, 40) });
    else if (r < 0.09) add(undefined, unit, { lastLoginTime: daysAgo(95, 700) });
    else add(undefined, unit);
  }

  const groupId = () => `0${rng.hex(2)}${rng.int(10)}${rng.hex(11)}`;
  const execGroup: SimGoogleGroup = { id: groupId(), email: `exec@${domain}`, name: 'Executives', members: [] };
  const founders: SimGoogleGroup = {
    id: groupId(),
    email: `founders@${domain}`,
    name: 'Founders',
    members: [
      { kind: 'user', userId: ceo.id, role: 'OWNER' },
      { kind: 'user', userId: cto.id, role: 'MEMBER' },
    ],
  };
  execGroup.members = [
    { kind: 'user', userId: cfo.id, role: 'MEMBER' },
    { kind: 'group', groupId: founders.id, role: 'MEMBER' },
    { kind: 'user', userId: ceo.id, role: 'OWNER' },
  ];
  const itSupport: SimGoogleGroup = {
    id: groupId(),
    email: `it-support@${domain}`,
    name: 'IT support',
    members: [
      { kind: 'user', userId: support1.id, role: 'MEMBER' },
      { kind: 'user', userId: support2.id, role: 'MEMBER' },
    ],
  };
  const emptyAdmins: SimGoogleGroup = {
    id: groupId(),
    email: `auditors@${domain}`,
    name: 'External auditors',
    members: [],
  };
  const everyone: SimGoogleGroup = {
    id: groupId(),
    email: `all@${domain}`,
    name: 'Everyone',
    members: users.slice(0, 30).map((u) => ({ kind: 'user' as const, userId: u.id, role: 'MEMBER' as const })),
  };

  const roleList = roles(rng);
  const [superRole, helpDeskRole, userMgmtRole, reviewerRole] = roleList as [
    SimGoogleRole,
    SimGoogleRole,
    SimGoogleRole,
    SimGoogleRole,
  ];
  let assignmentSeq = BigInt(`9${rng.between(10 ** 15, 10 ** 16 - 1)}`);
  const assign = (roleId: string, assignedTo: string, assigneeType: 'user' | 'group'): SimGoogleRoleAssignment => ({
    roleAssignmentId: (assignmentSeq += BigInt(rng.between(1, 999))).toString(),
    roleId,
    assignedTo,
    assigneeType,
    scopeType: 'CUSTOMER',
  });
  const roleAssignments = [
    ...[...supers, breakGlass, formerAdmin].map((u) => assign(superRole.roleId, u.id, 'user')),
    assign(helpDeskRole.roleId, helpdesk.id, 'user'),
    assign(reviewerRole.roleId, reviewer.id, 'user'),
    assign(userMgmtRole.roleId, itSupport.id, 'group'),
    assign(reviewerRole.roleId, emptyAdmins.id, 'group'),
  ];

  const actors = supers.slice(1, 3).map((u) => u.primaryEmail);
  const traffic = generateGoogleActivities(rng.fork('activities'), { users, domain, now, actors });
  return {
    customerId: `C0${rng.hex(7)}`,
    domain,
    now: opts.now.toISOString(),
    users,
    groups: [execGroup, founders, itSupport, emptyAdmins, everyone],
    roles: roleList,
    roleAssignments,
    activities: traffic.activities,
    tokens: traffic.tokens,
    serviceAccount: {
      clientEmail: `assay-reader@sim-${company}.iam.gserviceaccount.com`,
      clientId: String(rng.between(10 ** 9, 10 ** 10 - 1)) + String(rng.between(10 ** 10, 10 ** 11 - 1)),
      projectId: `sim-${company}`,
      privateKeyId: rng.hex(40),
      delegatedScopes: [...GOOGLE_READ_SCOPES, GOOGLE_TOKEN_INVENTORY_SCOPE],
    },
    subject: ceo.primaryEmail,
    designations: {
      executives: { groups: [execGroup.email], emails: [chief.primaryEmail], orgUnits: ['/Leadership/Board'] },
      breakGlassAccounts: [breakGlass.primaryEmail],
      approvedClientIds: traffic.approvedClientIds,
      approvedAppNames: ['Zoom'],
      lookbackDays: 180,
      tokenInventory: true,
      maxInactiveDays: 90,
      superAdminMinimum: 2,
      superAdminMaximum: 4,
    },
  };
}
