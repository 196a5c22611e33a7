import type { RequestContext } from './context.ts';
import * as bucket from './handlers-bucket.ts';
import * as config from './handlers-config.ts';
import * as list from './handlers-list.ts';
import * as object from './handlers-object.ts';

export type Handler = (ctx: RequestContext) => Promise<void>;

/** Operation name → handler (names as in resolveOp, ops.ts). */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  ListBuckets: bucket.listBuckets,
  CreateBucket: bucket.createBucket,
  DeleteBucket: bucket.deleteBucket,
  PutBucketAcl: bucket.putBucketAcl,
  GetBucketAcl: bucket.getBucketAcl,
  GetBucketInfo: bucket.getBucketInfo,
  GetBucketLocation: bucket.getBucketLocation,
  PutBucketPolicy: bucket.putBucketPolicy,
  GetBucketPolicy: bucket.getBucketPolicy,
  DeleteBucketPolicy: bucket.deleteBucketPolicy,
  GetBucketPublicAccessBlock: bucket.getBucketPublicAccessBlock,
  PutBucketPublicAccessBlock: bucket.putBucketPublicAccessBlock,
  DeleteBucketPublicAccessBlock: bucket.deleteBucketPublicAccessBlock,
  ListCname: bucket.listCname,
  PutBucketWebsite: config.putBucketWebsite,
  GetBucketWebsite: config.getBucketWebsite,
  DeleteBucketWebsite: config.deleteBucketWebsite,
  PutBucketCors: config.putBucketCors,
  GetBucketCors: config.getBucketCors,
  DeleteBucketCors: config.deleteBucketCors,
  PutBucketReferer: config.putBucketReferer,
  GetBucketReferer: config.getBucketReferer,
  ListObjects: list.listObjects,
  ListObjectsV2: list.listObjectsV2,
  PutObject: object.putObject,
  CopyObject: object.copyObject,
  GetObject: object.getObject,
  HeadObject: object.getObject,
  DeleteObject: object.deleteObject,
  DeleteMultipleObjects: object.deleteMultipleObjects,
};
