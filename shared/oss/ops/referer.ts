import type { RefererConfiguration } from '../models/referer.ts';
import { refererFromXml, refererToXml } from '../xml/referer.ts';
import { subresourceOps, type PutConfigRequest } from './subresource.ts';

/** The whole configuration (PUT overwrites); DEFAULT_REFERER_CONFIGURATION resets to OSS's default. */
export type PutBucketRefererRequest = PutConfigRequest<RefererConfiguration>;

// no delete: ossedge resets a Referer configuration with a PUT of DEFAULT_REFERER_CONFIGURATION
const REFERER = /* @__PURE__ */ subresourceOps('referer', 'BucketReferer', refererToXml, refererFromXml);

export const putBucketReferer = REFERER.put;
/** GetBucketReferer (a never-configured bucket answers OSS's defaults; there is no 404 for it). */
export const getBucketReferer = REFERER.get;
