import { ossErrors } from './errors.ts';

/** Bucket sub-resources the emulator serves, by method → operation name. */
const BUCKET_SUBRESOURCES: Record<string, Record<string, string>> = {
  GET: {
    acl: 'GetBucketAcl',
    bucketInfo: 'GetBucketInfo',
    location: 'GetBucketLocation',
    website: 'GetBucketWebsite',
    cors: 'GetBucketCors',
    referer: 'GetBucketReferer',
    policy: 'GetBucketPolicy',
    publicAccessBlock: 'GetBucketPublicAccessBlock',
    cname: 'ListCname',
  },
  PUT: {
    acl: 'PutBucketAcl',
    website: 'PutBucketWebsite',
    cors: 'PutBucketCors',
    referer: 'PutBucketReferer',
    policy: 'PutBucketPolicy',
    publicAccessBlock: 'PutBucketPublicAccessBlock',
  },
  DELETE: {
    website: 'DeleteBucketWebsite',
    cors: 'DeleteBucketCors',
    policy: 'DeleteBucketPolicy',
    publicAccessBlock: 'DeleteBucketPublicAccessBlock',
  },
  POST: { delete: 'DeleteMultipleObjects' },
};

/** OSS sub-resources the emulator knows of but does not emulate (answered 501, never misread as a listing). */
const UNSUPPORTED = new Set(
  'lifecycle logging tagging versioning versions encryption replication inventory worm uploads uploadId append symlink objectMeta restore stat qos requestPayment transferAcceleration resourceGroup style img bucketSpace policyStatus accessPoint metaQuery'.split(
    ' ',
  ),
);

/** The OSS operation name of a request (what the request log and faults use). */
export function resolveOp(method: string, bucket: string | undefined, key: string | undefined, query: ReadonlyMap<string, string>, headers: Record<string, unknown>): string {
  if (!bucket) {
    if (method === 'GET') return 'ListBuckets';
    throw ossErrors.methodNotAllowed(method);
  }
  if (method === 'OPTIONS') return 'Options';
  for (const k of query.keys()) if (UNSUPPORTED.has(k)) throw ossErrors.notImplemented(`Sub-resource ?${k}`);
  if (key === undefined) {
    const table = BUCKET_SUBRESOURCES[method];
    if (table) for (const k of query.keys()) if (table[k]) return table[k];
    if (method === 'PUT') return 'CreateBucket';
    if (method === 'DELETE') return 'DeleteBucket';
    if (method === 'GET' || method === 'HEAD') return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    throw ossErrors.methodNotAllowed(method);
  }
  if (query.has('acl')) throw ossErrors.notImplemented('Object ACL');
  switch (method) {
    case 'PUT':
      return headers['x-oss-copy-source'] !== undefined ? 'CopyObject' : 'PutObject';
    case 'GET':
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      return 'DeleteObject';
    default:
      throw ossErrors.methodNotAllowed(method);
  }
}

/** Operations an anonymous request may perform when the bucket ACL allows reading / writing. */
export const ANONYMOUS_READ_OPS = new Set(['GetObject', 'HeadObject', 'ListObjects', 'ListObjectsV2']);
export const ANONYMOUS_WRITE_OPS = new Set(['PutObject', 'DeleteObject', 'CopyObject', 'DeleteMultipleObjects']);
