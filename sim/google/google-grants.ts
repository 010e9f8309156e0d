import type { GoogleState, SimActivity, SimGoogleUser, SimToken } from './google-state.js';

/** What a user consents to: the app's OAuth client and the scopes it asked for. */
export interface SimGrantRequest {
  clientId: string;
  appName: string;
  scopes: readonly string[];
}

const qualifier = (state: GoogleState) => String(1_000_000_000_000_000 + state.activities.length);

/** Reports API keeps activities newest first: a new one goes where its time puts it. */
function record(state: GoogleState, a: SimActivity): void {
  const at = state.activities.findIndex((x) => x.time <= a.time);
  if (at < 0) state.activities.push(a);
  else state.activities.splice(at, 0, a);
}

function activity(
  state: GoogleState,
  user: SimGoogleUser,
  time: string,
  name: string,
  params: SimActivity['event']['parameters'],
): SimActivity {
  return {
    applicationName: 'token',
    time,
    uniqueQualifier: qualifier(state),
    actorEmail: user.primaryEmail,
    actorProfileId: user.id,
    ipAddress: '198.51.100.7',
    event: { type: 'auth', name, parameters: params },
  };
}

/**
 * A user consents to an app at `time`, as Google records it: the token (with incremental authorisation, the union of
 * the scopes granted so far) and a token `authorize` activity carrying the scopes of this consent.
 */
export function authorizeApp(state: GoogleState, user: SimGoogleUser, app: SimGrantRequest, time: string): void {
  const token = state.tokens.find((t) => t.userId === user.id && t.clientId === app.clientId);
  if (token) token.scopes = [...new Set([...token.scopes, ...app.scopes])];
  else {
    const created: SimToken = {
      userId: user.id,
      clientId: app.clientId,
      displayText: app.appName,
      scopes: [...app.scopes],
      nativeApp: false,
      anonymous: false,
    };
    state.tokens.push(created);
  }
  record(
    state,
    activity(state, user, time, 'authorize', [
      { name: 'client_id', value: app.clientId },
      { name: 'app_name', value: app.appName },
      { name: 'client_type', value: 'WEB' },
      { name: 'scope', multiValue: [...app.scopes] },
    ]),
  );
}

/** A user (or an admin for them) removes an app's access at `time`: the token goes, a `revoke` activity is recorded. */
export function revokeApp(state: GoogleState, user: SimGoogleUser, clientId: string, time: string): void {
  const appName = state.tokens.find((t) => t.userId === user.id && t.clientId === clientId)?.displayText;
  state.tokens = state.tokens.filter((t) => !(t.userId === user.id && t.clientId === clientId));
  record(
    state,
    activity(state, user, time, 'revoke', [
      { name: 'client_id', value: clientId },
      ...(appName ? [{ name: 'app_name', value: appName }] : []),
    ]),
  );
}
