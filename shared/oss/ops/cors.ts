import type { CorsConfiguration } from '../models/cors.ts';
import { corsFromXml, corsToXml } from '../xml/cors.ts';
import { callParts, invokeDrained, invokeParsed, requestIdOf, sub, xmlBody, type BucketRequest, type OssInvoker, type OssResult } from './common.ts';

export interface PutBucketCorsRequest extends BucketRequest {
  config: CorsConfiguration;
}

/** PutBucketCors: replaces every CORS rule (and ResponseVary). */
export async function putBucketCors(client: OssInvoker, request: PutBucketCorsRequest): Promise<OssResult> {
  const op = 'PutBucketCors';
  const res = await invokeDrained(client, {
    op,
    method: 'PUT',
    bucket: request.bucket,
    query: [sub('cors')],
    ...xmlBody(op, () => corsToXml(request.config)),
    ...callParts(request),
  });
  return requestIdOf(res);
}

/** GetBucketCors; throws OssServiceError `NoSuchCORSConfiguration` (404) when no rule is set. */
export async function getBucketCors(client: OssInvoker, request: BucketRequest): Promise<CorsConfiguration> {
  return invokeParsed(
    client,
    { op: 'GetBucketCors', method: 'GET', bucket: request.bucket, query: [sub('cors')], ...callParts(request) },
    corsFromXml,
  );
}

export async function deleteBucketCors(client: OssInvoker, request: BucketRequest): Promise<OssResult> {
  const res = await invokeDrained(client, {
    op: 'DeleteBucketCors',
    method: 'DELETE',
    bucket: request.bucket,
    query: [sub('cors')],
    ...callParts(request),
  });
  return requestIdOf(res);
}
