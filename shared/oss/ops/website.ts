import type { WebsiteConfiguration } from '../models/website.ts';
import { websiteFromXml, websiteToXml } from '../xml/website.ts';
import { callParts, invokeDrained, invokeParsed, requestIdOf, sub, xmlBody, type BucketRequest, type OssInvoker, type OssResult } from './common.ts';

export interface PutBucketWebsiteRequest extends BucketRequest {
  config: WebsiteConfiguration;
}

/** PutBucketWebsite: replaces the whole website configuration (index/error documents, routing rules). */
export async function putBucketWebsite(client: OssInvoker, request: PutBucketWebsiteRequest): Promise<OssResult> {
  const op = 'PutBucketWebsite';
  const res = await invokeDrained(client, {
    op,
    method: 'PUT',
    bucket: request.bucket,
    query: [sub('website')],
    ...xmlBody(op, () => websiteToXml(request.config)),
    ...callParts(request),
  });
  return requestIdOf(res);
}

/** GetBucketWebsite; throws OssServiceError `NoSuchWebsiteConfiguration` (404) when none is set. */
export async function getBucketWebsite(client: OssInvoker, request: BucketRequest): Promise<WebsiteConfiguration> {
  return invokeParsed(
    client,
    { op: 'GetBucketWebsite', method: 'GET', bucket: request.bucket, query: [sub('website')], ...callParts(request) },
    websiteFromXml,
  );
}

export async function deleteBucketWebsite(client: OssInvoker, request: BucketRequest): Promise<OssResult> {
  const res = await invokeDrained(client, {
    op: 'DeleteBucketWebsite',
    method: 'DELETE',
    bucket: request.bucket,
    query: [sub('website')],
    ...callParts(request),
  });
  return requestIdOf(res);
}
