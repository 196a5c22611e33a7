import { listBucketsFromXml, type ListBucketsPage } from '../xml/list-buckets.ts';
import { listObjectsFromXml, type ListObjectsPage } from '../xml/list-objects.ts';
import { callParts, invokeParsed, type BucketRequest, type CallOptions, type OssInvoker } from './common.ts';

/** Safety bound on pages one iteration fetches (1000 keys a page → 100 M keys). */
export const MAX_LIST_PAGES = 100_000;

export interface ListBucketsRequest extends CallOptions {
  prefix?: string;
  marker?: string;
  maxKeys?: number;
  resourceGroupId?: string;
}

export interface ListObjectsV2Request extends BucketRequest {
  prefix?: string;
  delimiter?: string;
  startAfter?: string;
  continuationToken?: string;
  /** 1..1000 (OSS default 100). */
  maxKeys?: number;
  fetchOwner?: boolean;
  /**
   * `url` (default): OSS percent-encodes keys so any key survives XML; pages come back decoded.
   * `null`: send no encoding-type (raw keys in XML).
   */
  encodingType?: 'url' | null;
}

/** One ListBuckets (GetService) page. */
export async function listBucketsPage(client: OssInvoker, request: ListBucketsRequest = {}): Promise<ListBucketsPage> {
  const query: Array<[string, string]> = [];
  if (request.prefix !== undefined) query.push(['prefix', request.prefix]);
  if (request.marker !== undefined) query.push(['marker', request.marker]);
  if (request.maxKeys !== undefined) query.push(['max-keys', String(request.maxKeys)]);
  const headers = request.resourceGroupId ? { 'x-oss-resource-group-id': request.resourceGroupId } : undefined;
  return invokeParsed(client, { op: 'ListBuckets', method: 'GET', query, ...(headers ? { headers } : {}), ...callParts(request) }, listBucketsFromXml);
}

/** Every ListBuckets page, following NextMarker until the listing is complete. */
export async function* listBuckets(client: OssInvoker, request: ListBucketsRequest = {}): AsyncGenerator<ListBucketsPage> {
  let marker = request.marker;
  for (let n = 0; n < MAX_LIST_PAGES; n++) {
    const page = await listBucketsPage(client, { ...request, ...(marker !== undefined ? { marker } : {}) });
    yield page;
    if (!page.isTruncated || !page.nextMarker || page.nextMarker === marker) return;
    marker = page.nextMarker;
  }
}

/** One ListObjectsV2 page (keys decoded). */
export async function listObjectsV2Page(client: OssInvoker, request: ListObjectsV2Request): Promise<ListObjectsPage> {
  const query: Array<[string, string]> = [['list-type', '2']];
  const add = (name: string, value: string | number | boolean | undefined) => {
    if (value !== undefined) query.push([name, String(value)]);
  };
  add('prefix', request.prefix);
  add('delimiter', request.delimiter);
  add('start-after', request.startAfter);
  add('continuation-token', request.continuationToken);
  add('max-keys', request.maxKeys);
  add('fetch-owner', request.fetchOwner);
  if (request.encodingType !== null) add('encoding-type', request.encodingType ?? 'url');
  return invokeParsed(client, { op: 'ListObjectsV2', method: 'GET', bucket: request.bucket, query, ...callParts(request) }, listObjectsFromXml);
}

/** Every ListObjectsV2 page, following NextContinuationToken until the listing is complete. */
export async function* listObjectsV2(client: OssInvoker, request: ListObjectsV2Request): AsyncGenerator<ListObjectsPage> {
  let token = request.continuationToken;
  for (let n = 0; n < MAX_LIST_PAGES; n++) {
    const page = await listObjectsV2Page(client, { ...request, ...(token !== undefined ? { continuationToken: token } : {}) });
    yield page;
    if (!page.isTruncated || !page.nextContinuationToken || page.nextContinuationToken === token) return;
    token = page.nextContinuationToken;
  }
}
