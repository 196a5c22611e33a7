import type { BucketSummary, ListBucketsPage } from './list-buckets.ts';
import { GIVE_UP, readOwner, scanOrGiveUp, type Scanner } from './list-scan.ts';
import { toBoolean, toDate, toInteger } from './parse.ts';

// Single-pass scanner for ListBuckets' `ListAllMyBucketsResult`; the subset it reads and how it
// hands everything else to the general codec: list-scan.ts.

const ROOT = 'ListAllMyBucketsResult';
const PAGE_STRINGS = new Map<string, string>([
  ['Prefix', 'prefix'],
  ['Marker', 'marker'],
  ['NextMarker', 'nextMarker'],
]);
const BUCKET_STRINGS = new Map<string, string>([
  ['ExtranetEndpoint', 'extranetEndpoint'],
  ['IntranetEndpoint', 'intranetEndpoint'],
  ['Location', 'location'],
  ['Name', 'name'],
  ['Region', 'region'],
  ['StorageClass', 'storageClass'],
  ['ResourceGroupId', 'resourceGroupId'],
]);

/**
 * The page of a ListBuckets body, or `undefined` when the body is outside the scanner's subset
 * (then `listBucketsFromXml` uses the general codec, which parses it or throws XmlCodecError).
 */
export function scanListBuckets(xml: string): ListBucketsPage | undefined {
  return scanOrGiveUp(xml, ROOT, readPage);
}

function readPage(s: Scanner): ListBucketsPage {
  const page: Record<string, unknown> = {};
  let buckets: BucketSummary[] = [];
  for (let name = s.next(ROOT); name !== undefined; name = s.next(ROOT)) {
    if (name === 'Buckets') buckets = readBuckets(s); // the last container wins, as in the general codec
    else if (name === 'Owner') page.owner = readOwner(s);
    else if (name === 'IsTruncated') page.isTruncated = toBoolean(s.text(name), name);
    else if (name === 'MaxKeys') page.maxKeys = toInteger(s.text(name), name);
    else if (PAGE_STRINGS.has(name)) page[PAGE_STRINGS.get(name)!] = s.text(name);
    else s.skip(name);
  }
  return { ...page, isTruncated: page.isTruncated ?? false, buckets } as ListBucketsPage;
}

function readBuckets(s: Scanner): BucketSummary[] {
  const buckets: BucketSummary[] = [];
  for (let name = s.next('Buckets'); name !== undefined; name = s.next('Buckets')) {
    if (name === 'Bucket') buckets.push(readBucket(s));
    else s.skip(name);
  }
  return buckets;
}

function readBucket(s: Scanner): BucketSummary {
  const bucket: Record<string, unknown> = {};
  for (let name = s.next('Bucket'); name !== undefined; name = s.next('Bucket')) {
    if (name === 'CreationDate') bucket.creationDate = toDate(s.text(name), name);
    else if (BUCKET_STRINGS.has(name)) bucket[BUCKET_STRINGS.get(name)!] = s.text(name);
    else s.skip(name);
  }
  if (bucket.name === undefined) throw GIVE_UP;
  return bucket as unknown as BucketSummary;
}
