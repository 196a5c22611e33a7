import { aclFromXml, bucketInfoFromXml, locationFromXml, publicAccessBlockFromXml, type BucketAcl, type BucketInfo, type Owner, type PublicAccessBlockConfiguration } from '../xml/bucket.ts';
import { listCnameFromXml, type ListCnameResult } from '../xml/cname.ts';
import { policyFromJson, type BucketPolicy } from '../xml/policy.ts';
import { element, leaf } from '../xml/write.ts';
import { callParts, invokeDrained, invokeParsed, requestIdOf, serialise, sub, type BucketRequest, type OssInvoker, type OssResult } from './common.ts';

export interface BucketAclResult {
  acl: BucketAcl | string;
  owner?: Owner;
}

export interface PutBucketAclRequest extends BucketRequest {
  acl: BucketAcl;
}

export interface CreateBucketRequest extends BucketRequest {
  /** `x-oss-acl` (OSS default: private). */
  acl?: BucketAcl;
  /** `x-oss-resource-group-id`. */
  resourceGroupId?: string;
  /** Optional `CreateBucketConfiguration` body. */
  storageClass?: string;
  dataRedundancyType?: string;
}

export async function getBucketAcl(client: OssInvoker, request: BucketRequest): Promise<BucketAclResult> {
  const policy = await invokeParsed(client, { op: 'GetBucketAcl', method: 'GET', bucket: request.bucket, query: [sub('acl')], ...callParts(request) }, aclFromXml);
  return { acl: policy.accessControlList.grant ?? '', ...(policy.owner ? { owner: policy.owner } : {}) };
}

export async function putBucketAcl(client: OssInvoker, request: PutBucketAclRequest): Promise<OssResult> {
  const res = await invokeDrained(client, {
    op: 'PutBucketAcl',
    method: 'PUT',
    bucket: request.bucket,
    query: [sub('acl')],
    headers: { 'x-oss-acl': request.acl },
    ...callParts(request),
  });
  return requestIdOf(res);
}

export async function getBucketInfo(client: OssInvoker, request: BucketRequest): Promise<BucketInfo> {
  return invokeParsed(client, { op: 'GetBucketInfo', method: 'GET', bucket: request.bucket, query: [sub('bucketInfo')], ...callParts(request) }, bucketInfoFromXml);
}

/** PutBucket. 409 BucketAlreadyExists / BucketAlreadyOwnedByYou come back as OssServiceError. */
export async function createBucket(client: OssInvoker, request: CreateBucketRequest): Promise<OssResult> {
  const op = 'CreateBucket';
  const headers: Record<string, string> = {};
  if (request.acl) headers['x-oss-acl'] = request.acl;
  if (request.resourceGroupId) headers['x-oss-resource-group-id'] = request.resourceGroupId;
  const hasConfig = request.storageClass !== undefined || request.dataRedundancyType !== undefined;
  if (hasConfig) headers['content-type'] = 'application/xml';
  const body = hasConfig
    ? serialise(op, () => element('CreateBucketConfiguration', leaf('StorageClass', request.storageClass) + leaf('DataRedundancyType', request.dataRedundancyType)))
    : undefined;
  const res = await invokeDrained(client, {
    op,
    method: 'PUT',
    bucket: request.bucket,
    headers,
    ...(body !== undefined ? { body, contentMd5: true } : {}),
    ...callParts(request),
  });
  return requestIdOf(res);
}

/** DeleteBucket; OSS refuses a non-empty bucket with 409 BucketNotEmpty. */
export async function deleteBucket(client: OssInvoker, request: BucketRequest): Promise<OssResult> {
  return requestIdOf(await invokeDrained(client, { op: 'DeleteBucket', method: 'DELETE', bucket: request.bucket, ...callParts(request) }));
}

/** GetBucketLocation: the location constraint, e.g. `oss-cn-hangzhou` (region = without `oss-`). */
export async function getBucketLocation(client: OssInvoker, request: BucketRequest): Promise<string> {
  return invokeParsed(client, { op: 'GetBucketLocation', method: 'GET', bucket: request.bucket, query: [sub('location')], ...callParts(request) }, locationFromXml);
}

/** GetBucketPolicy (JSON); throws OssServiceError `NoSuchBucketPolicy` (404) when there is none. */
export async function getBucketPolicy(client: OssInvoker, request: BucketRequest): Promise<BucketPolicy> {
  return invokeParsed(client, { op: 'GetBucketPolicy', method: 'GET', bucket: request.bucket, query: [sub('policy')], ...callParts(request) }, policyFromJson);
}

export async function getBucketPublicAccessBlock(client: OssInvoker, request: BucketRequest): Promise<PublicAccessBlockConfiguration> {
  return invokeParsed(
    client,
    { op: 'GetBucketPublicAccessBlock', method: 'GET', bucket: request.bucket, query: [sub('publicAccessBlock')], ...callParts(request) },
    publicAccessBlockFromXml,
  );
}

/** ListCname: custom domains bound to the bucket (with their certificates). */
export async function listCname(client: OssInvoker, request: BucketRequest): Promise<ListCnameResult> {
  return invokeParsed(client, { op: 'ListCname', method: 'GET', bucket: request.bucket, query: [sub('cname')], ...callParts(request) }, listCnameFromXml);
}
