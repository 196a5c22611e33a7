import type { WebsiteConfiguration } from '../models/website.ts';
import { websiteFromXml, websiteToXml } from '../xml/website.ts';
import { subresourceOps, type PutConfigRequest } from './subresource.ts';

export type PutBucketWebsiteRequest = PutConfigRequest<WebsiteConfiguration>;

const WEBSITE = /* @__PURE__ */ subresourceOps('website', 'BucketWebsite', websiteToXml, websiteFromXml);

/** PutBucketWebsite: replaces the whole website configuration (index/error documents, routing rules). */
export const putBucketWebsite = WEBSITE.put;
/** GetBucketWebsite; throws OssServiceError `NoSuchWebsiteConfiguration` (404) when none is set. */
export const getBucketWebsite = WEBSITE.get;
export const deleteBucketWebsite = WEBSITE.delete;
