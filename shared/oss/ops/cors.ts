import type { CorsConfiguration } from '../models/cors.ts';
import { corsFromXml, corsToXml } from '../xml/cors.ts';
import { subresourceOps, type PutConfigRequest } from './subresource.ts';

export type PutBucketCorsRequest = PutConfigRequest<CorsConfiguration>;

const CORS = /* @__PURE__ */ subresourceOps('cors', 'BucketCors', corsToXml, corsFromXml);

/** PutBucketCors: replaces every CORS rule (and ResponseVary). */
export const putBucketCors = CORS.put;
/** GetBucketCors; throws OssServiceError `NoSuchCORSConfiguration` (404) when no rule is set. */
export const getBucketCors = CORS.get;
export const deleteBucketCors = CORS.delete;
