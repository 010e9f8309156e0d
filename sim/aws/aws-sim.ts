import type { SimRequest } from '../http/route.js';
import { SimServer } from '../http/sim-server.js';
import type { AwsSimPrincipal, AwsSimState } from './aws-state.js';
import { AwsSimError, errorResponse, protocolOf, throttledResponse } from './aws-protocol.js';
import { actionId, awsRoutes, type AwsAction } from './aws-route-table.js';
import { allAwsActions } from './aws-actions.js';
import { awsPageFaults } from './aws-page-faults.js';

export interface AwsSim {
  server: SimServer;
  /** One endpoint for every AWS client. */
  endpoint: string;
  region: string;
  /** The base key: a user in the management account. */
  accessKeyId: string;
  secretAccessKey: string;
  accounts: Array<{ id: string; name: string }>;
  /** Route ids, `service:Action`. */
  routeIds(): string[];
  /**
   * Makes requests to one action answer with an AWS error in that action's protocol, e.g.
   * `fail('iam:GetAccountAuthorizationDetails', { status: 403, code: 'AccessDenied' })`.
   */
  fail(routeId: string, opts?: { status?: number; code?: string; message?: string; times?: number }): void;
}

function notFound(req: SimRequest) {
  const protocol = protocolOf(req);
  const what =
    protocol === 'query'
      ? new URLSearchParams(req.body).get('Action')
      : (req.headers['x-amz-target'] ?? `${req.method} ${req.url.pathname}`);
  const code = protocol === 'query' ? 'InvalidAction' : protocol === 'json' ? 'UnknownOperationException' : 'NotFound';
  return errorResponse(
    protocol,
    new AwsSimError(
      code,
      `The action or operation ${String(what)} is not valid for this web service.`,
      protocol === 'rest-xml' ? 404 : 400,
    ),
  );
}

/**
 * Serves `state` as AWS (IAM, STS, Organizations, and whatever else `actions` adds) on one loopback endpoint. The
 * caller's account comes from the SigV4 access key id; AssumeRole issues keys for the target account.
 */
export async function startAwsSim(
  state: AwsSimState,
  opts: { latencyMs?: number; actions?: (keys: Map<string, AwsSimPrincipal>) => AwsAction[] } = {},
): Promise<AwsSim> {
  const keys = new Map<string, AwsSimPrincipal>([[state.baseCredentials.accessKeyId, state.baseCredentials]]);
  const actions = (opts.actions ?? allAwsActions)(keys);
  const protocols = new Map(actions.map((a) => [actionId(a), a]));
  const server = new SimServer('aws', awsRoutes(state, keys, actions), {
    notFound,
    rateLimited: throttledResponse,
    pages: awsPageFaults,
  });
  if (opts.latencyMs) server.setLatency('*', opts.latencyMs);
  const endpoint = await server.listen();
  return {
    server,
    endpoint,
    region: 'us-east-1',
    accessKeyId: state.baseCredentials.accessKeyId,
    secretAccessKey: state.baseCredentials.secretAccessKey,
    accounts: state.accounts.map((a) => ({ id: a.id, name: a.name })),
    routeIds: () => server.routeIds(),
    fail(
      routeId,
      {
        status = 403,
        code = status === 403 ? 'AccessDenied' : 'InternalFailure',
        message = `Simulated ${code}`,
        times,
      } = {},
    ) {
      const action = protocols.get(routeId);
      if (!action) throw new Error(`the AWS simulator has no route ${routeId}`);
      const res = errorResponse(action.protocol, new AwsSimError(code, message, status), {
        wrapped: action.protocol === 'rest-xml' && action.wrappedErrors === true,
      });
      const text = res.json !== undefined ? JSON.stringify(res.json) : res.text;
      server.faults.inject(
        routeId,
        { kind: 'status', status, text, headers: res.headers },
        times === undefined ? {} : { times },
      );
    },
  };
}
