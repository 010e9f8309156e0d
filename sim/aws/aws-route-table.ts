import type { Route, SimRequest, SimResponse } from '../http/route.js';
import type { AwsSimAccount, AwsSimPrincipal, AwsSimState } from './aws-state.js';
import {
  AwsSimError,
  errorResponse,
  jsonResponse,
  queryResponse,
  sigv4Scope,
  type AwsProtocol,
} from './aws-protocol.js';

/** Who is calling, from the SigV4 access key id, and the account state they act in. */
export interface AwsCall {
  req: SimRequest;
  caller: AwsSimPrincipal;
  /** The caller's account. */
  account: AwsSimAccount;
  state: AwsSimState;
  /** The region of the SigV4 credential scope. */
  region: string;
  /** Query protocol: the form body. Empty for other protocols. */
  form: URLSearchParams;
  /** JSON protocols: the parsed body ({} when empty). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each action reads the fields of its own request shape.
  json: any;
}

interface Common {
  /** The signing name in the SigV4 scope: iam, sts, organizations, cloudtrail, s3, bedrock. */
  service: string;
  /** The API action, e.g. GetCredentialReport; the route id is `${service}:${action}`. */
  action: string;
}

/**
 * One simulated AWS API action. `query`: POST / with `Action` and `Version` in the form body (IAM, STS); the handler
 * returns the fields of `<ActionResult>`. `json`: POST with `X-Amz-Target: <targetPrefix>.<action>` (CloudTrail,
 * Organizations); the handler returns the JSON body. `rest-xml` / `rest-json`: method + path pattern (+ a predicate,
 * e.g. on a sub-resource query parameter such as `?policyStatus`); the handler returns the whole response.
 * Any handler may throw `AwsSimError`, which is rendered in the action's protocol.
 */
export type AwsAction =
  | (Common & {
      protocol: 'query';
      version: string;
      xmlns: string;
      handle(call: AwsCall): Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>;
    })
  | (Common & { protocol: 'json'; targetPrefix: string; handle(call: AwsCall): unknown })
  | (Common & {
      protocol: 'rest-xml' | 'rest-json';
      method: string;
      pattern: string;
      match?(req: SimRequest): boolean;
      /** REST-XML: wrap errors in `<ErrorResponse>` (S3 Control) rather than a bare `<Error>` (S3). */
      wrappedErrors?: boolean;
      handle(call: AwsCall): SimResponse | Promise<SimResponse>;
    });

export const actionId = (a: Pick<Common, 'service' | 'action'>): string => `${a.service}:${a.action}`;

function identify(state: AwsSimState, keys: ReadonlyMap<string, AwsSimPrincipal>, req: SimRequest) {
  const scope = sigv4Scope(req);
  if (!scope) throw new AwsSimError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  const caller = keys.get(scope.accessKeyId);
  if (!caller)
    throw new AwsSimError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  if (caller.sessionToken !== undefined && req.headers['x-amz-security-token'] !== caller.sessionToken) {
    throw new AwsSimError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }
  const account = state.accounts.find((a) => a.id === caller.accountId);
  if (!account)
    throw new AwsSimError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  // An opt-in region the account has not enabled does not know its credentials.
  // https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
  const status = account.regions[scope.region];
  if (status === 'DISABLED' || status === 'ENABLING')
    throw new AwsSimError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403);
  return { caller, account, region: scope.region };
}

const parseJson = (body: string): unknown => {
  if (!body) return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new AwsSimError('SerializationException', 'Could not parse the request body', 400);
  }
};

/**
 * Turns actions into SimServer routes that authenticate the caller by access key and render errors per protocol.
 * `keys` is live: STS adds the temporary keys it issues.
 */
export function awsRoutes(
  state: AwsSimState,
  keys: ReadonlyMap<string, AwsSimPrincipal>,
  actions: readonly AwsAction[],
): Route[] {
  return actions.map((a): Route => {
    const id = actionId(a);
    const sameService = (req: SimRequest) => sigv4Scope(req)?.service === a.service;
    const run = async (
      req: SimRequest,
      protocol: AwsProtocol,
      respond: (call: AwsCall) => Promise<SimResponse>,
    ): Promise<SimResponse> => {
      try {
        const who = identify(state, keys, req);
        const call: AwsCall = {
          req,
          ...who,
          state,
          form: protocol === 'query' ? new URLSearchParams(req.body) : new URLSearchParams(),
          json: protocol === 'json' || protocol === 'rest-json' ? parseJson(req.body) : {},
        };
        return await respond(call);
      } catch (err) {
        if (err instanceof AwsSimError)
          return errorResponse(protocol, err, { wrapped: a.protocol === 'rest-xml' && a.wrappedErrors === true });
        throw err;
      }
    };
    switch (a.protocol) {
      case 'query':
        return {
          id,
          method: 'POST',
          pattern: '/',
          match: (req) => {
            const form = new URLSearchParams(req.body);
            return form.get('Action') === a.action && form.get('Version') === a.version;
          },
          handle: (req) => run(req, 'query', async (call) => queryResponse(a.action, a.xmlns, await a.handle(call))),
        };
      case 'json':
        return {
          id,
          method: 'POST',
          match: (req) => req.headers['x-amz-target'] === `${a.targetPrefix}.${a.action}`,
          handle: (req) => run(req, 'json', async (call) => jsonResponse(await a.handle(call))),
        };
      default:
        return {
          id,
          method: a.method,
          pattern: a.pattern,
          match: (req) => sameService(req) && (a.match ? a.match(req) : true),
          handle: (req) => run(req, a.protocol, (call) => Promise.resolve(a.handle(call))),
        };
    }
  });
}
