import { OWNER, type Owner } from './bucket.ts';
import { XmlCodecError } from './errors.ts';
import { scanListObjects } from './list-objects-scan.ts';
import { parseXmlRoot } from './parse.ts';
import { readRecord, writeRecord, type RecordSpec } from './schema.ts';

export interface ObjectSummary {
  key: string;
  lastModified?: Date;
  /** Without the surrounding quotes. */
  etag?: string;
  type?: string;
  size: number;
  storageClass?: string;
  owner?: Owner;
  restoreInfo?: string;
  transitionTime?: Date;
}

/**
 * ListObjectsV2 (`ListBucketResult`, also reads ListObjects v1's Marker/NextMarker). With
 * `EncodingType=url` every key-bearing field is decoded here, so callers always see real keys.
 */
export interface ListObjectsPage {
  name?: string;
  prefix?: string;
  delimiter?: string;
  startAfter?: string;
  continuationToken?: string;
  nextContinuationToken?: string;
  marker?: string;
  nextMarker?: string;
  maxKeys?: number;
  keyCount?: number;
  isTruncated: boolean;
  encodingType?: string;
  contents: ObjectSummary[];
  commonPrefixes: string[];
}

const OBJECT: RecordSpec<ObjectSummary> = [
  { xml: 'Key', key: 'key', kind: 'string', required: true },
  { xml: 'LastModified', key: 'lastModified', kind: 'date' },
  { xml: 'ETag', key: 'etag', kind: 'etag' },
  { xml: 'Type', key: 'type', kind: 'string' },
  { xml: 'Size', key: 'size', kind: 'integer', required: true },
  { xml: 'StorageClass', key: 'storageClass', kind: 'string' },
  { xml: 'Owner', key: 'owner', kind: { one: OWNER } },
  { xml: 'RestoreInfo', key: 'restoreInfo', kind: 'string' },
  { xml: 'TransitionTime', key: 'transitionTime', kind: 'date' },
];

const PREFIX: RecordSpec<{ prefix: string }> = [{ xml: 'Prefix', key: 'prefix', kind: 'string', required: true }];

const LIST_OBJECTS: RecordSpec<ListObjectsPage & { prefixes?: Array<{ prefix: string }> }> = [
  { xml: 'Name', key: 'name', kind: 'string' },
  { xml: 'Prefix', key: 'prefix', kind: 'string' },
  { xml: 'Marker', key: 'marker', kind: 'string' },
  { xml: 'ContinuationToken', key: 'continuationToken', kind: 'string' },
  { xml: 'MaxKeys', key: 'maxKeys', kind: 'integer' },
  { xml: 'Delimiter', key: 'delimiter', kind: 'string' },
  { xml: 'StartAfter', key: 'startAfter', kind: 'string' },
  { xml: 'EncodingType', key: 'encodingType', kind: 'string' },
  { xml: 'IsTruncated', key: 'isTruncated', kind: 'boolean', required: true },
  { xml: 'NextMarker', key: 'nextMarker', kind: 'string' },
  { xml: 'NextContinuationToken', key: 'nextContinuationToken', kind: 'string' },
  { xml: 'Contents', key: 'contents', kind: { many: OBJECT, orEmpty: true } },
  { xml: 'CommonPrefixes', key: 'prefixes', kind: { many: PREFIX, orEmpty: true } },
  { xml: 'KeyCount', key: 'keyCount', kind: 'integer' },
];

const ENCODED_FIELDS = ['prefix', 'delimiter', 'startAfter', 'marker', 'nextMarker'] as const;

/**
 * Reads a ListObjects(V2) body: the single-pass scanner of list-objects-scan.ts when the body is in
 * its plain subset (what OSS sends), else the general codec, which is the reference for both.
 */
export function listObjectsFromXml(xml: string): ListObjectsPage {
  return scanListObjects(xml) ?? listObjectsFromXmlGeneral(xml);
}

/** The general codec path (fast-xml-parser + well-formedness pass); the scanner's reference in tests and benches. */
export function listObjectsFromXmlGeneral(xml: string): ListObjectsPage {
  const { prefixes, ...page } = readRecord(parseXmlRoot(xml, 'ListBucketResult').container(), LIST_OBJECTS);
  const out: ListObjectsPage = { ...page, commonPrefixes: (prefixes ?? []).map((p) => p.prefix) };
  if (out.encodingType?.toLowerCase() !== 'url') return out;
  for (const field of ENCODED_FIELDS) {
    if (out[field] !== undefined) out[field] = urlDecode(out[field], `ListBucketResult.${field}`);
  }
  out.contents = out.contents.map((o, i) => ({ ...o, key: urlDecode(o.key, `ListBucketResult.Contents[${i}].Key`) }));
  out.commonPrefixes = out.commonPrefixes.map((p, i) => urlDecode(p, `ListBucketResult.CommonPrefixes[${i}].Prefix`));
  return out;
}

/** The response body OSS would send for `page`; encodes key fields when `page.encodingType` is `url`. */
export function listObjectsToXml(page: ListObjectsPage): string {
  const encode = page.encodingType?.toLowerCase() === 'url' ? urlEncode : (s: string) => s;
  const wire: Record<string, unknown> = { ...page };
  for (const field of ENCODED_FIELDS) if (page[field] !== undefined) wire[field] = encode(page[field]);
  wire.contents = page.contents.map((o) => ({ ...o, key: encode(o.key) }));
  wire.prefixes = page.commonPrefixes.map((p) => ({ prefix: encode(p) }));
  return writeRecord('ListBucketResult', wire, LIST_OBJECTS as RecordSpec);
}

/** Percent-decoding as OSS's `encoding-type=url` needs it (`+` stays a plus). */
export function urlDecode(value: string, element: string): string {
  try {
    return decodeURIComponent(value);
  } catch (err) {
    throw new XmlCodecError('INVALID_VALUE', 'bad percent-encoding', { element, cause: err });
  }
}

/** Percent-encoding of every byte outside the unreserved set (what OSS does for encoding-type=url). */
export function urlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
