import { regionOfLocation } from '../state/oss-clients.ts';
import { getBucketAcl, getBucketLocation, getBucketPolicy, getBucketPublicAccessBlock, listCname } from '../oss/ops/bucket.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { isOssErrorCode } from '../oss/ops/common.ts';
import { getBucketCors } from '../oss/ops/cors.ts';
import { listBuckets } from '../oss/ops/list.ts';
import { getBucketReferer } from '../oss/ops/referer.ts';
import { getBucketWebsite } from '../oss/ops/website.ts';
import type { CorsConfiguration } from '../oss/models/cors.ts';
import type { WebsiteConfiguration } from '../oss/models/website.ts';
import type { BucketInventory } from './types.ts';

/** A client that reaches buckets of other regions (OssClient). */
export interface RegionalClient extends OssInvoker {
  readonly region: string;
  forRegion(region: string): RegionalClient;
}

export interface BucketRef {
  name: string;
  region: string;
}

export interface InventoryError {
  bucket: string;
  part: string;
  error: unknown;
}

export { regionOfLocation };

/**
 * The buckets to audit: the named ones (region from GetBucketLocation unless `explicitEndpoint`), or
 * every bucket ListBuckets returns, all pages, with the region it reports.
 */
export async function bucketsToAudit(client: RegionalClient, named: readonly string[] | undefined, opts: { explicitEndpoint: boolean; deadline?: number }): Promise<BucketRef[]> {
  const call = opts.deadline !== undefined ? { deadline: opts.deadline } : {};
  if (named && named.length > 0) {
    const out: BucketRef[] = [];
    for (const name of [...new Set(named)]) {
      const region = opts.explicitEndpoint ? client.region : (regionOfLocation(await getBucketLocation(client, { bucket: name, ...call })) ?? client.region);
      out.push({ name, region });
    }
    return out;
  }
  const out: BucketRef[] = [];
  for await (const page of listBuckets(client, call)) {
    for (const b of page.buckets) out.push({ name: b.name, region: b.region ?? regionOfLocation(b.location) ?? client.region });
  }
  return out;
}

/** Reads `read`; a NoSuch* answer is `missing`; any other failure is recorded and gives undefined. */
async function part<T>(bucket: string, name: string, errors: InventoryError[], read: () => Promise<T>, missing?: { codes: string[]; value: T }): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (missing && isOssErrorCode(e, ...missing.codes)) return missing.value;
    errors.push({ bucket, part: name, error: e });
    return undefined;
  }
}

/** Everything audit-referer looks at for one bucket, read in parallel through the bucket's regional client. */
export async function readBucketInventory(client: OssInvoker, ref: BucketRef, errors: InventoryError[], deadline?: number): Promise<BucketInventory> {
  const req = { bucket: ref.name, ...(deadline !== undefined ? { deadline } : {}) };
  const b = ref.name;
  const [acl, policy, bpa, referer, website, cors, cnames] = await Promise.all([
    part(b, 'acl', errors, async () => (await getBucketAcl(client, req)).acl),
    part<unknown>(b, 'policy', errors, async () => (await getBucketPolicy(client, req)).policy, { codes: ['NoSuchBucketPolicy'], value: null }),
    part(b, 'publicAccessBlock', errors, async () => (await getBucketPublicAccessBlock(client, req)).blockPublicAccess === true, { codes: ['NoSuchPublicAccessBlockConfiguration'], value: false }),
    part(b, 'referer', errors, () => getBucketReferer(client, req)),
    part<WebsiteConfiguration | null>(b, 'website', errors, () => getBucketWebsite(client, req), { codes: ['NoSuchWebsiteConfiguration'], value: null }),
    part<CorsConfiguration | null>(b, 'cors', errors, () => getBucketCors(client, req), { codes: ['NoSuchCORSConfiguration'], value: null }),
    part(b, 'cname', errors, async () => (await listCname(client, req)).cnames.map((c) => c.domain.toLowerCase())),
  ]);
  const inv: BucketInventory = { name: ref.name, region: ref.region };
  if (acl !== undefined) inv.acl = acl;
  if (policy !== undefined) inv.policy = policy;
  if (bpa !== undefined) inv.blockPublicAccess = bpa;
  if (referer !== undefined) inv.referer = referer;
  if (website !== undefined) inv.website = website;
  if (cors !== undefined) inv.cors = cors;
  if (cnames !== undefined) inv.cnames = cnames;
  return inv;
}
