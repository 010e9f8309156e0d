import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimRequest, SimResponse } from '../http/route.js';
import { AwsSimError, errorResponse, sigv4Scope, throttledResponse } from './aws-protocol.js';
import type { AwsCall } from './aws-route-table.js';
import type { AwsSimPrincipal, AwsSimState } from './aws-state.js';
import { SimObjects } from './s3-object-state.js';
import {
  deleteObject,
  getObject,
  listObjectsV2,
  putObject,
  type S3ObjectContext,
  type S3ObjectRequest,
  type S3ObjectResponse,
} from './s3-object-routes.js';
import { s3Actions } from './s3-routes.js';

export interface S3ObjectSim {
  /** Path-style S3 endpoint (`forcePathStyle: true`) serving the buckets of `state`. */
  endpoint: string;
  /** The objects of a bucket, created on first use; live. */
  objects(bucket: string): SimObjects;
  /** Requests by action (`PutObject`, `ListObjectsV2`, …). */
  counts(): Record<string, number>;
  /** The next `times` requests to `action` answer this S3 error (`SlowDown` 503 carries Retry-After). */
  fail(action: string, opts: { status: number; code: string; message?: string; times?: number }): void;
  close(): Promise<void>;
}

/** Reads the body as bytes; `aws-chunked` uploads (SDK trailing checksums) are decoded to the object's bytes. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `aws-chunked`: `<hex size>[;ext]\r\n<data>\r\n` … `0\r\n<trailers>\r\n\r\n`; trailers become headers. */
function decodeAwsChunked(raw: Buffer, headers: Record<string, string | string[] | undefined>): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (let guard = 0; guard < 1_000_000; guard++) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(raw.subarray(at, eol).toString('latin1').split(';')[0]!, 16);
    at = eol + 2;
    if (!Number.isFinite(size) || size === 0) {
      for (const line of raw.subarray(at).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      break;
    }
    parts.push(raw.subarray(at, at + size));
    at += size + 2;
  }
  return Buffer.concat(parts);
}

const toObjectResponse = (res: SimResponse): S3ObjectResponse => ({
  status: res.status,
  headers: res.headers ?? {},
  body: res.text ?? '',
});

/**
 * S3's object API on a loopback endpoint of its own: objects are bytes (gzip snapshots), which the shared simulator
 * server, built for text APIs, does not carry. Same accounts, keys and buckets as the AWS simulator; bucket
 * sub-resources (`?versioning`, `?object-lock`) answer through the AWS simulator's own S3 actions.
 */
export async function startS3ObjectSim(
  state: AwsSimState,
  opts: { keys?: ReadonlyMap<string, AwsSimPrincipal>; pageSize?: number; now?: () => Date } = {},
): Promise<S3ObjectSim> {
  const keys = opts.keys ?? new Map([[state.baseCredentials.accessKeyId, state.baseCredentials]]);
  const buckets = new Map<string, SimObjects>();
  const objectsOf = (name: string) => buckets.get(name) ?? buckets.set(name, new SimObjects()).get(name)!;
  const counts = new Map<string, number>();
  const faults = new Map<string, { status: number; code: string; message: string; times: number }>();
  const bucketActions = new Map(s3Actions().map((a) => [a.action, a]));

  const route = (method: string, key: string, query: URLSearchParams): string => {
    if (key === '') {
      if (method === 'GET' && query.get('list-type') === '2') return 'ListObjectsV2';
      if (method === 'GET' && query.has('versioning')) return 'GetBucketVersioning';
      if (method === 'GET' && query.has('object-lock')) return 'GetObjectLockConfiguration';
      return 'Unsupported';
    }
    return method === 'PUT' ? 'PutObject' : method === 'GET' ? 'GetObject' : method === 'DELETE' ? 'DeleteObject' : '';
  };

  const handle = async (req: IncomingMessage): Promise<S3ObjectResponse> => {
    const url = new URL(req.url ?? '/', 'http://s3.sim');
    const [, bucketName = '', ...rest] = url.pathname.split('/');
    const key = rest.map((s) => decodeURIComponent(s)).join('/');
    const method = (req.method ?? 'GET').toUpperCase();
    const action = route(method, key, url.searchParams);
    counts.set(action, (counts.get(action) ?? 0) + 1);
    const headers = { ...req.headers };
    let body = await readBody(req);
    if (/aws-chunked/.test(headers['content-encoding'] ?? '') || headers['x-amz-decoded-content-length'])
      body = decodeAwsChunked(body, headers);
    const simReq: SimRequest = {
      method,
      url,
      params: { bucket: decodeURIComponent(bucketName) },
      query: url.searchParams,
      headers,
      body: '',
    };
    const fault = faults.get(action);
    if (fault && fault.times > 0) {
      fault.times--;
      if (fault.code === 'SlowDown') return toObjectResponse(throttledResponse(simReq, 1));
      return toObjectResponse(errorResponse('rest-xml', new AwsSimError(fault.code, fault.message, fault.status)));
    }
    try {
      const scope = sigv4Scope(simReq);
      const caller = scope && keys.get(scope.accessKeyId);
      if (!scope || !caller)
        throw new AwsSimError(
          'InvalidAccessKeyId',
          'The AWS Access Key Id you provided does not exist in our records.',
          403,
        );
      const account = state.accounts.find((a) => a.id === caller.accountId)!;
      const call: AwsCall = {
        req: simReq,
        caller,
        account,
        state,
        region: scope.region,
        form: new URLSearchParams(),
        json: {},
      };
      const sub = bucketActions.get(action);
      if (sub && sub.protocol === 'rest-xml') return toObjectResponse(await sub.handle(call));
      const bucket = account.s3.buckets.find((b) => b.name === simReq.params.bucket);
      if (!bucket) {
        const anywhere = state.accounts.some((a) => a.s3.buckets.some((b) => b.name === simReq.params.bucket));
        if (anywhere) throw new AwsSimError('AccessDenied', 'Access Denied', 403);
        throw new AwsSimError('NoSuchBucket', 'The specified bucket does not exist', 404);
      }
      if (bucket.region !== scope.region)
        throw new AwsSimError(
          'AuthorizationHeaderMalformed',
          `The authorization header is malformed; the region '${scope.region}' is wrong; expecting '${bucket.region}'`,
          400,
        );
      if (bucket.deny.includes(action)) throw new AwsSimError('AccessDenied', 'Access Denied', 403);
      const ctx: S3ObjectContext = {
        bucket,
        objects: objectsOf(bucket.name),
        now: opts.now ?? (() => new Date()),
        pageSize: opts.pageSize ?? 1000,
      };
      const objectReq: S3ObjectRequest = { method, key, query: url.searchParams, headers, body };
      switch (action) {
        case 'PutObject':
          return putObject(objectReq, ctx);
        case 'GetObject':
          return getObject(objectReq, ctx);
        case 'DeleteObject':
          return deleteObject(objectReq, ctx);
        case 'ListObjectsV2':
          return listObjectsV2(objectReq, ctx);
        default:
          throw new AwsSimError(
            'NotImplemented',
            `The S3 object simulator does not serve ${method} ${url.search}`,
            501,
          );
      }
    } catch (err) {
      if (err instanceof AwsSimError) return toObjectResponse(errorResponse('rest-xml', err));
      throw err;
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req).then(
      (out) => {
        const payload = typeof out.body === 'string' ? Buffer.from(out.body) : out.body;
        res.writeHead(out.status, {
          'x-amz-request-id': 'SIMREQ',
          'x-amz-id-2': 'sim',
          ...out.headers,
          'content-length': String(req.method === 'HEAD' ? 0 : payload.byteLength),
        });
        res.end(out.status === 204 ? undefined : payload);
      },
      (err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`S3 object simulator error: ${String(err)}`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    objects: objectsOf,
    counts: () => Object.fromEntries(counts),
    fail: (action, { status, code, message = `Simulated ${code}`, times = 1 }) =>
      void faults.set(action, { status, code, message, times }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
