import type { SimRequest, SimResponse } from '../http/route.js';
import { AwsSimError } from './aws-protocol.js';
import type { AwsAction, AwsCall } from './aws-route-table.js';
import { XmlFlat, escapeXml, xmlDocument, xmlFields } from './aws-xml.js';
import type { SimBucket, SimPublicAccessBlock } from './s3-state.js';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const S3 = { protocol: 'rest-xml', service: 's3' } as const;
const PAGE_MAX = 10_000;

const xml = (root: string, body: string, ns: string | undefined = S3_NS): SimResponse => ({
  status: 200,
  headers: { 'content-type': 'application/xml', 'x-amz-request-id': 'SIMREQ', 'x-amz-id-2': 'sim' },
  text: xmlDocument(root, body, ns),
});

const pabXml = (p: SimPublicAccessBlock) => xmlFields({ ...p });

/**
 * The caller's bucket named in the path, answered in its own region only: S3 refuses a request signed for another
 * region (AuthorizationHeaderMalformed), which is how AWS makes clients use each bucket's region.
 */
function ownBucket(call: AwsCall, action: string, anyRegion = false): SimBucket {
  const name = call.req.params.bucket ?? '';
  const owner = call.state.accounts.find((a) => a.s3.buckets.some((b) => b.name === name));
  const bucket = owner?.s3.buckets.find((b) => b.name === name);
  if (!owner || !bucket) throw new AwsSimError('NoSuchBucket', 'The specified bucket does not exist', 404);
  if (owner.id !== call.account.id || bucket.deny.includes(action))
    throw new AwsSimError('AccessDenied', 'Access Denied', 403);
  if (!anyRegion && bucket.region !== call.region) {
    throw new AwsSimError(
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${call.region}' is wrong; expecting '${bucket.region}'`,
      400,
    );
  }
  return bucket;
}

/** A bucket sub-resource GET (`GET /{bucket}?encryption`); `render` returns the response or throws the "not found" error. */
function subresource(
  action: string,
  query: string,
  render: (b: SimBucket) => SimResponse,
  anyRegion = false,
): AwsAction {
  return {
    ...S3,
    action,
    method: 'GET',
    pattern: '/{bucket}',
    match: (req: SimRequest) => req.query.has(query),
    handle: (call) => render(ownBucket(call, action, anyRegion)),
  };
}

function listBuckets(call: AwsCall): SimResponse {
  const max = Math.min(Number(call.req.query.get('max-buckets') ?? PAGE_MAX), PAGE_MAX);
  if (!Number.isInteger(max) || max < 1)
    throw new AwsSimError('InvalidArgument', 'max-buckets must be between 1 and 10000');
  const all = [...call.account.s3.buckets].sort((a, b) => a.name.localeCompare(b.name));
  const token = call.req.query.get('continuation-token');
  const start = token ? all.findIndex((b) => b.name > Buffer.from(token, 'base64url').toString()) : 0;
  const page = start < 0 ? [] : all.slice(start, start + max);
  const more = start >= 0 && start + max < all.length;
  return xml(
    'ListAllMyBucketsResult',
    xmlFields({
      Buckets: {
        Bucket: new XmlFlat(page.map((b) => ({ Name: b.name, CreationDate: b.creationDate, BucketRegion: b.region }))),
      },
      Owner: { ID: `sim-canonical-${call.account.id}` },
      ...(more ? { ContinuationToken: Buffer.from(page.at(-1)!.name).toString('base64url') } : {}),
    }),
  );
}

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

/**
 * A bucket policy whose wildcard statement is open (`isPublic`) or pinned to a VPC endpoint, next to a statement for
 * a service principal, which never makes a bucket public.
 */
const policyDocument = (bucket: string, isPublic: boolean) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${bucket}/AWSLogs/*`,
    },
    isPublic
      ? {
          Sid: 'PublicRead',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${bucket}/*`,
        }
      : {
          Sid: 'VpceOnly',
          Effect: 'Allow',
          Principal: '*',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: `arn:aws:s3:::${bucket}/*`,
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0sim1234' } },
        },
  ],
});

/** S3 (path-style, as behind an endpoint override) and the S3 Control account public access block. */
export function s3Actions(): AwsAction[] {
  return [
    {
      ...S3,
      action: 'GetAccountPublicAccessBlock',
      method: 'GET',
      pattern: '/v20180820/configuration/publicAccessBlock',
      wrappedErrors: true,
      handle: (call) => {
        if (call.req.headers['x-amz-account-id'] !== call.account.id)
          throw new AwsSimError('AccessDenied', 'Access Denied', 403);
        const p = call.account.s3.accountPublicAccessBlock;
        if (!p)
          throw new AwsSimError(
            'NoSuchPublicAccessBlockConfiguration',
            'The public access block configuration was not found',
            404,
          );
        return xml('PublicAccessBlockConfiguration', pabXml(p), 'http://awss3control.amazonaws.com/doc/2018-08-20/');
      },
    },
    { ...S3, action: 'ListBuckets', method: 'GET', pattern: '/', handle: listBuckets },
    subresource('GetPublicAccessBlock', 'publicAccessBlock', (b) => {
      if (!b.publicAccessBlock)
        throw new AwsSimError(
          'NoSuchPublicAccessBlockConfiguration',
          'The public access block configuration was not found',
          404,
        );
      return xml('PublicAccessBlockConfiguration', pabXml(b.publicAccessBlock));
    }),
    subresource('GetBucketPolicyStatus', 'policyStatus', (b) => {
      if (!b.policy) throw new AwsSimError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
      return xml('PolicyStatus', b.policy.statusOmitsIsPublic ? '' : xmlFields({ IsPublic: b.policy.public }));
    }),
    // The policy document itself, as JSON text (not XML). https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
    subresource('GetBucketPolicy', 'policy', (b) => {
      if (!b.policy) throw new AwsSimError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-amz-request-id': 'SIMREQ' },
        text: JSON.stringify(policyDocument(b.name, b.policy.public)),
      };
    }),
    subresource('GetBucketTagging', 'tagging', (b) => {
      const tags = Object.entries(b.tags);
      if (tags.length === 0) throw new AwsSimError('NoSuchTagSet', 'The TagSet does not exist', 404);
      return xml('Tagging', xmlFields({ TagSet: { Tag: new XmlFlat(tags.map(([Key, Value]) => ({ Key, Value }))) } }));
    }),
    subresource('GetBucketAcl', 'acl', (b) => {
      const grant = (grantee: string, permission: string) =>
        `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ${grantee}</Grantee><Permission>${permission}</Permission></Grant>`;
      const owner = `sim-canonical-${escapeXml(b.name)}`;
      const grants =
        grant(`xsi:type="CanonicalUser"><ID>${owner}</ID>`, 'FULL_CONTROL') +
        (b.aclPublicRead ? grant(`xsi:type="Group"><URI>${ALL_USERS}</URI>`, 'READ') : '');
      return xml(
        'AccessControlPolicy',
        `<Owner><ID>${owner}</ID></Owner><AccessControlList>${grants}</AccessControlList>`,
      );
    }),
    subresource('GetBucketEncryption', 'encryption', (b) => {
      const e = b.encryption;
      return xml(
        'ServerSideEncryptionConfiguration',
        xmlFields({
          Rule: {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: e.algorithm, KMSMasterKeyID: e.kmsKeyId },
            BucketKeyEnabled: e.bucketKey,
          },
        }),
      );
    }),
    subresource('GetBucketVersioning', 'versioning', (b) =>
      xml('VersioningConfiguration', b.versioning ? xmlFields({ Status: b.versioning }) : ''),
    ),
    subresource('GetObjectLockConfiguration', 'object-lock', (b) => {
      const l = b.objectLock;
      if (!l)
        throw new AwsSimError(
          'ObjectLockConfigurationNotFoundError',
          'Object Lock configuration does not exist for this bucket',
          404,
        );
      return xml(
        'ObjectLockConfiguration',
        xmlFields({
          ObjectLockEnabled: 'Enabled',
          ...(l === 'enabled-no-default' ? {} : { Rule: { DefaultRetention: { Mode: l.mode, Years: l.years } } }),
        }),
      );
    }),
    // GetBucketLocation answers from any region: it is how a client finds the right one.
    subresource(
      'GetBucketLocation',
      'location',
      (b) => xml('LocationConstraint', b.region === 'us-east-1' ? '' : escapeXml(b.region)),
      true,
    ),
  ];
}
