import type { IncomingHttpHeaders } from 'node:http';
import { AwsSimError } from './aws-protocol.js';
import { XmlFlat, xmlDocument, xmlFields } from './aws-xml.js';
import { md5Etag, newVersionId, sha256Base64, type SimObjects, type SimObjectVersion } from './s3-object-state.js';
import type { SimBucket } from './s3-state.js';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const LIST_MAX = 1000;

export interface S3ObjectRequest {
  method: string;
  key: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface S3ObjectResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

export interface S3ObjectContext {
  bucket: SimBucket;
  objects: SimObjects;
  now: () => Date;
  /** Objects ListObjectsV2 returns per page at most (S3: 1,000), so tests can make it page. */
  pageSize: number;
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

const preconditionFailed = () =>
  new AwsSimError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
const noSuchKey = () => new AwsSimError('NoSuchKey', 'The specified key does not exist.', 404);

const versioned = (b: SimBucket) => b.versioning === 'Enabled';

/** The retention a new version gets: the request's own, else the bucket's default rule. */
function retentionOf(req: S3ObjectRequest, ctx: S3ObjectContext): SimObjectVersion['retention'] {
  const mode = header(req.headers, 'x-amz-object-lock-mode');
  const until = header(req.headers, 'x-amz-object-lock-retain-until-date');
  if (mode || until) {
    if (!ctx.bucket.objectLock)
      throw new AwsSimError('InvalidRequest', 'Bucket is missing Object Lock Configuration', 400);
    if (mode !== 'GOVERNANCE' && mode !== 'COMPLIANCE')
      throw new AwsSimError('InvalidArgument', 'Unknown wormMode directive.', 400);
    const date = new Date(until ?? '');
    if (Number.isNaN(date.getTime()) || date <= ctx.now())
      throw new AwsSimError('InvalidArgument', 'The retain until date must be in the future!', 400);
    return { mode, until: date };
  }
  const lock = ctx.bucket.objectLock;
  if (!lock || lock === 'enabled-no-default') return undefined;
  const until2 = new Date(ctx.now());
  until2.setUTCFullYear(until2.getUTCFullYear() + lock.years);
  return { mode: lock.mode, until: until2 };
}

/**
 * PutObject. `If-None-Match: *` refuses a key whose current version is an object (a delete marker does not count);
 * `If-Match` replaces only the version with that ETag; `x-amz-checksum-sha256` is checked against the body; an
 * Object Lock bucket wants a checksum or Content-MD5 on every write.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
 */
export function putObject(req: S3ObjectRequest, ctx: S3ObjectContext): S3ObjectResponse {
  const current = ctx.objects.current(req.key);
  const live = current && !current.deleteMarker ? current : undefined;
  const ifNoneMatch = header(req.headers, 'if-none-match');
  const ifMatch = header(req.headers, 'if-match');
  if (ifNoneMatch !== undefined && ifNoneMatch !== '*')
    throw new AwsSimError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501);
  if (ifNoneMatch === '*' && live) throw preconditionFailed();
  if (ifMatch !== undefined) {
    if (!live) throw noSuchKey();
    if (ifMatch !== live.etag && `"${ifMatch}"` !== live.etag) throw preconditionFailed();
  }
  const sha256 = header(req.headers, 'x-amz-checksum-sha256');
  if (sha256 !== undefined && sha256 !== sha256Base64(req.body))
    throw new AwsSimError('BadDigest', 'The SHA256 you specified did not match the calculated checksum.', 400);
  const hasChecksum =
    header(req.headers, 'content-md5') !== undefined ||
    Object.keys(req.headers).some((h) => h.startsWith('x-amz-checksum-') && h !== 'x-amz-checksum-mode');
  if (ctx.bucket.objectLock && !hasChecksum)
    throw new AwsSimError(
      'InvalidRequest',
      'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters',
      400,
    );
  const retention = retentionOf(req, ctx);
  const version: SimObjectVersion = {
    versionId: versioned(ctx.bucket) ? newVersionId() : 'null',
    deleteMarker: false,
    body: req.body,
    etag: md5Etag(req.body),
    lastModified: ctx.now(),
    contentType: header(req.headers, 'content-type') ?? 'application/octet-stream',
    ...(sha256 !== undefined ? { checksumSha256: sha256 } : {}),
    ...(retention ? { retention } : {}),
  };
  if (!versioned(ctx.bucket) && live?.retention && live.retention.until > ctx.now())
    throw new AwsSimError('AccessDenied', 'Access Denied because object protected by object lock.', 403);
  ctx.objects.add(req.key, version, versioned(ctx.bucket));
  return {
    status: 200,
    headers: {
      etag: version.etag,
      ...(versioned(ctx.bucket) ? { 'x-amz-version-id': version.versionId } : {}),
      ...(sha256 !== undefined ? { 'x-amz-checksum-sha256': sha256 } : {}),
    },
    body: '',
  };
}

/** GetObject: the current version (a delete marker answers 404 and says so), or `?versionId=`. */
export function getObject(req: S3ObjectRequest, ctx: S3ObjectContext): S3ObjectResponse {
  const versionId = req.query.get('versionId');
  const v = versionId !== null ? ctx.objects.version(req.key, versionId) : ctx.objects.current(req.key);
  if (!v) {
    if (versionId !== null) throw new AwsSimError('NoSuchVersion', 'The specified version does not exist.', 404);
    throw noSuchKey();
  }
  if (v.deleteMarker) {
    if (versionId !== null)
      throw new AwsSimError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
    throw noSuchKey();
  }
  const checksumMode = header(req.headers, 'x-amz-checksum-mode') === 'ENABLED';
  return {
    status: 200,
    headers: {
      'content-type': v.contentType,
      etag: v.etag,
      'last-modified': v.lastModified.toUTCString(),
      'accept-ranges': 'bytes',
      ...(versioned(ctx.bucket) ? { 'x-amz-version-id': v.versionId } : {}),
      ...(checksumMode && v.checksumSha256 ? { 'x-amz-checksum-sha256': v.checksumSha256 } : {}),
      ...(v.retention
        ? {
            'x-amz-object-lock-mode': v.retention.mode,
            'x-amz-object-lock-retain-until-date': v.retention.until.toISOString(),
          }
        : {}),
    },
    body: v.body,
  };
}

/**
 * DeleteObject. Without a version id on a versioned bucket it only adds a delete marker, which Object Lock allows;
 * deleting a version under retention is refused (GOVERNANCE yields to `x-amz-bypass-governance-retention`).
 * `If-Match` deletes only the version with that ETag.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html
 */
export function deleteObject(req: S3ObjectRequest, ctx: S3ObjectContext): S3ObjectResponse {
  const versionId = req.query.get('versionId');
  const ifMatch = header(req.headers, 'if-match');
  if (ifMatch !== undefined) {
    const current = ctx.objects.current(req.key);
    if (!current || current.deleteMarker) throw noSuchKey();
    if (ifMatch !== current.etag && `"${ifMatch}"` !== current.etag) throw preconditionFailed();
  }
  if (versionId === null && versioned(ctx.bucket)) {
    const marker: SimObjectVersion = {
      versionId: newVersionId(),
      deleteMarker: true,
      body: Buffer.alloc(0),
      etag: '',
      lastModified: ctx.now(),
      contentType: '',
    };
    ctx.objects.add(req.key, marker, true);
    return {
      status: 204,
      headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.versionId },
      body: '',
    };
  }
  const target =
    versionId !== null ? ctx.objects.version(req.key, versionId) : (ctx.objects.current(req.key) ?? undefined);
  if (!target) return { status: 204, headers: {}, body: '' };
  const bypass = header(req.headers, 'x-amz-bypass-governance-retention') === 'true';
  const held = target.retention && target.retention.until > ctx.now();
  if (held && !(bypass && target.retention?.mode === 'GOVERNANCE'))
    throw new AwsSimError('AccessDenied', 'Access Denied because object protected by object lock.', 403);
  ctx.objects.remove(req.key, target.versionId);
  return {
    status: 204,
    headers: {
      ...(versioned(ctx.bucket) ? { 'x-amz-version-id': target.versionId } : {}),
      ...(target.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}),
    },
    body: '',
  };
}

/**
 * ListObjectsV2 (`?list-type=2`): keys in UTF-8 byte order, `pageSize` (at most `max-keys`) a page, an opaque
 * continuation token; `encoding-type=url` percent-encodes the keys as S3 does.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 */
export function listObjectsV2(req: S3ObjectRequest, ctx: S3ObjectContext): S3ObjectResponse {
  const prefix = req.query.get('prefix') ?? '';
  const maxKeys = Number(req.query.get('max-keys') ?? LIST_MAX);
  if (!Number.isInteger(maxKeys) || maxKeys < 0)
    throw new AwsSimError('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400);
  const token = req.query.get('continuation-token');
  let after = req.query.get('start-after') ?? '';
  if (token !== null) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    if (!decoded.startsWith('sim1:'))
      throw new AwsSimError('InvalidArgument', 'The continuation token provided is incorrect', 400);
    after = decoded.slice(5);
  }
  const keys = ctx.objects
    .liveKeys(prefix)
    .filter((k) => after === '' || Buffer.compare(Buffer.from(k), Buffer.from(after)) > 0);
  const page = keys.slice(0, Math.min(maxKeys, ctx.pageSize));
  const truncated = keys.length > page.length;
  const url = req.query.get('encoding-type') === 'url';
  const enc = (s: string) => (url ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const contents = page.map((key) => {
    const v = ctx.objects.current(key)!;
    return {
      Key: enc(key),
      LastModified: v.lastModified.toISOString(),
      ETag: v.etag,
      ...(v.checksumSha256 ? { ChecksumAlgorithm: 'SHA256' } : {}),
      ...(v.checksumSha256 ? { ChecksumType: 'FULL_OBJECT' } : {}),
      Size: v.body.byteLength,
      StorageClass: 'STANDARD',
    };
  });
  const body = xmlFields({
    Name: ctx.bucket.name,
    Prefix: enc(prefix),
    ...(token !== null ? { ContinuationToken: token } : {}),
    ...(truncated ? { NextContinuationToken: Buffer.from(`sim1:${page.at(-1)!}`).toString('base64url') } : {}),
    KeyCount: page.length,
    MaxKeys: maxKeys,
    ...(url ? { EncodingType: 'url' } : {}),
    IsTruncated: truncated,
    Contents: new XmlFlat(contents),
  });
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: xmlDocument('ListBucketResult', body, S3_NS),
  };
}
