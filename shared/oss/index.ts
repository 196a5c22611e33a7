// Public API of the OSS client: the client, its errors, the operations, the models and the codecs.
export { createOssClient, type OssClient, type OssClientOptions, type OssTextResponse } from './client.ts';
export { OssClientError, OssServiceError, type OssClientErrorCode } from './errors.ts';
export type { HttpMethod, OssOperation, OssResponse } from './operation.ts';
export * from './credentials/index.ts';
export type * from './models/index.ts';
export { DEFAULT_REFERER_CONFIGURATION } from './models/index.ts';

export { isOssErrorCode, type BucketRequest, type CallOptions, type ObjectRequest, type OssInvoker, type OssResult } from './ops/common.ts';
export * from './ops/website.ts';
export * from './ops/cors.ts';
export * from './ops/referer.ts';
export * from './ops/bucket.ts';
export * from './ops/list.ts';
export * from './ops/object.ts';
export * from './ops/delete-objects.ts';
export type { ObjectMetadata } from './ops/object-headers.ts';

export { XmlCodecError, type XmlCodecErrorCode } from './xml/errors.ts';
export { websiteFromXml, websiteToXml } from './xml/website.ts';
export { corsFromXml, corsToXml } from './xml/cors.ts';
export { refererFromXml, refererToXml } from './xml/referer.ts';
export {
  aclFromXml,
  aclToXml,
  bucketInfoFromXml,
  bucketInfoToXml,
  locationFromXml,
  locationToXml,
  publicAccessBlockFromXml,
  publicAccessBlockToXml,
  type AccessControlPolicy,
  type BucketAcl,
  type BucketInfo,
  type Owner,
  type PublicAccessBlockConfiguration,
} from './xml/bucket.ts';
export * from './xml/list-buckets.ts';
export * from './xml/list-objects.ts';
export {
  copyObjectResultFromXml,
  copyObjectResultToXml,
  deleteRequestFromXml,
  deleteRequestToXml,
  deleteResultFromXml,
  deleteResultToXml,
  MAX_DELETE_KEYS,
  type DeletedEntry,
  type DeleteObjectEntry,
  type DeleteRequest,
  type DeleteResult,
  type CopyObjectResult as CopyObjectResultXml,
} from './xml/object.ts';
export * from './xml/cname.ts';
export * from './xml/policy.ts';
