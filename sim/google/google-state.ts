/** A Workspace account as the simulated Directory keeps it (the API renders it in Google's shape). */
export interface SimGoogleUser {
  id: string;
  primaryEmail: string;
  givenName: string;
  familyName: string;
  isAdmin: boolean;
  isDelegatedAdmin: boolean;
  isEnrolledIn2Sv: boolean;
  isEnforcedIn2Sv: boolean;
  suspended: boolean;
  suspensionReason?: 'ADMIN' | 'WEB_LOGIN_REQUIRED' | 'ABUSE';
  archived: boolean;
  creationTime: string;
  /** `1970-01-01T00:00:00.000Z` when the user never signed in, as Google reports it. */
  lastLoginTime: string;
  orgUnitPath: string;
  /** The manager's email, served as a `relations` entry of type `manager`. */
  manager?: string;
  /** Served only with projection=full or custom, as Google does. */
  customSchemas?: Record<string, Record<string, unknown>>;
}

export type SimGroupMember =
  | { kind: 'user'; userId: string; role: 'OWNER' | 'MANAGER' | 'MEMBER' }
  | { kind: 'group'; groupId: string; role: 'MEMBER' };

export interface SimGoogleGroup {
  id: string;
  email: string;
  name: string;
  members: SimGroupMember[];
}

export interface SimGoogleRole {
  roleId: string;
  roleName: string;
  roleDescription: string;
  isSystemRole: boolean;
  isSuperAdminRole: boolean;
  privileges: Array<{ serviceId: string; privilegeName: string }>;
}

export interface SimGoogleRoleAssignment {
  roleAssignmentId: string;
  roleId: string;
  assignedTo: string;
  assigneeType: 'user' | 'group';
  scopeType: 'CUSTOMER' | 'ORG_UNIT';
  orgUnitId?: string;
}

export interface SimActivityParameter {
  name: string;
  value?: string;
  multiValue?: string[];
  boolValue?: boolean;
  multiMessageValue?: Array<{ parameter: Array<{ name: string; value?: string; multiValue?: string[] }> }>;
}

/** One Reports API activity with one event (what the admin and token applications record). */
export interface SimActivity {
  applicationName: 'admin' | 'token';
  time: string;
  uniqueQualifier: string;
  actorEmail: string;
  actorProfileId: string;
  ipAddress: string;
  event: { type: string; name: string; parameters: SimActivityParameter[] };
}

/** A user's OAuth token for a third-party app, as directory.tokens.list returns it (the union of scopes granted). */
export interface SimToken {
  userId: string;
  clientId: string;
  displayText: string;
  scopes: string[];
  nativeApp: boolean;
  anonymous: boolean;
}

/** The service account assay uses and what the Admin console authorised for its client id. */
export interface SimServiceAccount {
  clientEmail: string;
  clientId: string;
  projectId: string;
  privateKeyId: string;
  /** Scopes authorised for domain-wide delegation; a token request for any other fails with unauthorized_client. */
  delegatedScopes: string[];
}

/** What the simulated company's assay config says (executives, break-glass, approved apps), and the truth's knobs. */
export interface SimGoogleDesignations {
  executives: { groups: string[]; emails: string[]; orgUnits: string[] };
  breakGlassAccounts: string[];
  approvedClientIds: string[];
  approvedAppNames: string[];
  lookbackDays: number;
  /** The config turns the token inventory on (and the admin delegated its scope). */
  tokenInventory: boolean;
  maxInactiveDays: number;
  superAdminMinimum: number;
  superAdminMaximum: number;
}

/** One Workspace customer: the routes read it live, so a test may change it between requests. */
export interface GoogleState {
  customerId: string;
  domain: string;
  /** The clock the data was generated against (ISO). */
  now: string;
  users: SimGoogleUser[];
  groups: SimGoogleGroup[];
  roles: SimGoogleRole[];
  roleAssignments: SimGoogleRoleAssignment[];
  /** Newest first, as the Reports API lists them. Google keeps 180 days: older grants left no activity here. */
  activities: SimActivity[];
  /** Every user's current third-party tokens, grants older than the activities included. */
  tokens: SimToken[];
  serviceAccount: SimServiceAccount;
  /** The admin assay impersonates (`sub`). */
  subject: string;
  designations: SimGoogleDesignations;
}

export const findUser = (state: GoogleState, key: string): SimGoogleUser | undefined => {
  const k = key.toLowerCase();
  return state.users.find((u) => u.id === key || u.primaryEmail === k);
};

export const findGroup = (state: GoogleState, key: string): SimGoogleGroup | undefined => {
  const k = key.toLowerCase();
  return state.groups.find((g) => g.id === key || g.email === k);
};

/**
 * Members of a group; with `derived`, members of nested groups too (each user once, the nested group listed as well),
 * as members.list with includeDerivedMembership=true answers.
 */
export function groupMembers(state: GoogleState, group: SimGoogleGroup, derived: boolean): SimGroupMember[] {
  const out: SimGroupMember[] = [];
  const seenUsers = new Set<string>();
  const seenGroups = new Set<string>([group.id]);
  const walk = (g: SimGoogleGroup) => {
    for (const m of g.members) {
      if (m.kind === 'user') {
        if (!seenUsers.has(m.userId)) out.push(m);
        seenUsers.add(m.userId);
      } else if (!seenGroups.has(m.groupId)) {
        seenGroups.add(m.groupId);
        if (g === group) out.push(m);
        const nested = state.groups.find((x) => x.id === m.groupId);
        if (derived && nested) walk(nested);
      }
    }
  };
  walk(group);
  return out;
}
