import type { RefererConfiguration } from '../models/referer.ts';
import { refererFromXml, refererToXml } from '../xml/referer.ts';
import { callParts, invokeDrained, invokeParsed, requestIdOf, sub, xmlBody, type BucketRequest, type OssInvoker, type OssResult } from './common.ts';

export interface PutBucketRefererRequest extends BucketRequest {
  /** The whole configuration (PUT overwrites); DEFAULT_REFERER_CONFIGURATION resets to OSS's default. */
  config: RefererConfiguration;
}

export async function putBucketReferer(client: OssInvoker, request: PutBucketRefererRequest): Promise<OssResult> {
  const op = 'PutBucketReferer';
  const res = await invokeDrained(client, {
    op,
    method: 'PUT',
    bucket: request.bucket,
    query: [sub('referer')],
    ...xmlBody(op, () => refererToXml(request.config)),
    ...callParts(request),
  });
  return requestIdOf(res);
}

/** GetBucketReferer (a never-configured bucket answers OSS's defaults; there is no 404 for it). */
export async function getBucketReferer(client: OssInvoker, request: BucketRequest): Promise<RefererConfiguration> {
  return invokeParsed(
    client,
    { op: 'GetBucketReferer', method: 'GET', bucket: request.bucket, query: [sub('referer')], ...callParts(request) },
    refererFromXml,
  );
}
