import { randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse } from '../http/route.js';
import { xmlDocument, xmlFields } from './aws-xml.js';

/** How an AWS service puts requests and answers on the wire. */
export type AwsProtocol = 'query' | 'json' | 'rest-xml' | 'rest-json';

/** An AWS error a simulated handler throws; rendered in the protocol of the route. */
export class AwsSimError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** REST-XML only: S3 Control wraps errors in `<ErrorResponse>`, S3 does not. */
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}

/** The SigV4 credential scope of a request: `Credential=<key>/<date>/<region>/<service>/aws4_request`. */
export function sigv4Scope(
  req: Pick<SimRequest, 'headers'>,
): { accessKeyId: string; region: string; service: string } | undefined {
  const auth = req.headers.authorization;
  const m = typeof auth === 'string' ? /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth) : null;
  return m ? { accessKeyId: m[1]!, region: m[2]!, service: m[3]! } : undefined;
}

/** Which protocol a request speaks, judged from the request alone (used for answers no route made). */
export function protocolOf(req: SimRequest): AwsProtocol {
  if (req.headers['x-amz-target']) return 'json';
  if (req.method === 'POST' && /(^|&)Action=/.test(req.body)) return 'query';
  const service = sigv4Scope(req)?.service;
  return service === 's3' ? 'rest-xml' : 'rest-json';
}

const requestId = () => randomUUID();

export function errorResponse(protocol: AwsProtocol, err: AwsSimError, opts: { wrapped?: boolean } = {}): SimResponse {
  const id = requestId();
  switch (protocol) {
    case 'query':
      // https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
      return {
        status: err.status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id },
        text: xmlDocument(
          'ErrorResponse',
          xmlFields({ Error: { Type: err.type, Code: err.code, Message: err.message }, RequestId: id }),
        ),
      };
    case 'json':
      return {
        status: err.status,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': id, 'x-amzn-errortype': err.code },
        json: { __type: err.code, message: err.message },
      };
    case 'rest-xml': {
      const body = xmlFields({ Code: err.code, Message: err.message, RequestId: id });
      return {
        status: err.status,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': id },
        text: opts.wrapped ? xmlDocument('ErrorResponse', `<Error>${body}</Error>`) : xmlDocument('Error', body),
      };
    }
    case 'rest-json':
      return {
        status: err.status,
        headers: { 'content-type': 'application/json', 'x-amzn-requestid': id, 'x-amzn-errortype': err.code },
        json: { message: err.message },
      };
  }
}

/** The throttling answer each protocol's SDK recognizes and retries, with Retry-After. */
export function throttledResponse(req: SimRequest, retryAfterSeconds: number): SimResponse {
  const protocol = protocolOf(req);
  const err =
    protocol === 'query'
      ? new AwsSimError('Throttling', 'Rate exceeded', 400)
      : protocol === 'rest-xml'
        ? new AwsSimError('SlowDown', 'Please reduce your request rate.', 503)
        : protocol === 'json'
          ? new AwsSimError('ThrottlingException', 'Rate exceeded', 400)
          : new AwsSimError('ThrottlingException', 'Too many requests, please wait before trying again.', 429);
  const res = errorResponse(protocol, err, { wrapped: req.url.pathname.startsWith('/v20180820') });
  return { ...res, headers: { ...res.headers, 'retry-after': String(retryAfterSeconds) } };
}

/** A query-protocol success: `<XResponse><XResult>…</XResult><ResponseMetadata/></XResponse>`. */
export function queryResponse(action: string, xmlns: string, result: Record<string, unknown> | undefined): SimResponse {
  const id = requestId();
  const inner =
    (result ? `<${action}Result>${xmlFields(result)}</${action}Result>` : '') +
    `<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata>`;
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id },
    text: xmlDocument(`${action}Response`, inner, xmlns),
  };
}

export function jsonResponse(body: unknown): SimResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId() },
    json: body ?? {},
  };
}

/** Reads `Name.member.N` (or `Name.N`) query parameters into a list. */
export function queryList(form: URLSearchParams, name: string): string[] {
  const out: Array<[number, string]> = [];
  const re = new RegExp(`^${name.replace(/\./g, '\\.')}\\.(?:member\\.)?(\\d+)$`);
  for (const [k, v] of form) {
    const m = re.exec(k);
    if (m) out.push([Number(m[1]), v]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}
