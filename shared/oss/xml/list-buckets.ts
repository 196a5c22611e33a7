import { OWNER, type Owner } from './bucket.ts';
import { scanListBuckets } from './list-buckets-scan.ts';
import { parseXmlRoot } from './parse.ts';
import { readRecord, writeRecord, type RecordSpec } from './schema.ts';

export interface BucketSummary {
  name: string;
  creationDate?: Date;
  location?: string;
  region?: string;
  extranetEndpoint?: string;
  intranetEndpoint?: string;
  storageClass?: string;
  resourceGroupId?: string;
}

/** ListBuckets (GetService): `ListAllMyBucketsResult`. */
export interface ListBucketsPage {
  owner?: Owner;
  prefix?: string;
  marker?: string;
  maxKeys?: number;
  /** False when OSS omits IsTruncated (a single, complete page). */
  isTruncated: boolean;
  nextMarker?: string;
  buckets: BucketSummary[];
}

const BUCKET: RecordSpec<BucketSummary> = [
  { xml: 'CreationDate', key: 'creationDate', kind: 'date' },
  { xml: 'ExtranetEndpoint', key: 'extranetEndpoint', kind: 'string' },
  { xml: 'IntranetEndpoint', key: 'intranetEndpoint', kind: 'string' },
  { xml: 'Location', key: 'location', kind: 'string' },
  { xml: 'Name', key: 'name', kind: 'string', required: true },
  { xml: 'Region', key: 'region', kind: 'string' },
  { xml: 'StorageClass', key: 'storageClass', kind: 'string' },
  { xml: 'ResourceGroupId', key: 'resourceGroupId', kind: 'string' },
];

const LIST_BUCKETS: RecordSpec<ListBucketsPage> = [
  { xml: 'Prefix', key: 'prefix', kind: 'string' },
  { xml: 'Marker', key: 'marker', kind: 'string' },
  { xml: 'MaxKeys', key: 'maxKeys', kind: 'integer' },
  { xml: 'IsTruncated', key: 'isTruncated', kind: 'boolean' },
  { xml: 'NextMarker', key: 'nextMarker', kind: 'string' },
  { xml: 'Owner', key: 'owner', kind: { one: OWNER } },
  { xml: 'Buckets', key: 'buckets', kind: { wrap: 'Bucket', item: BUCKET, orEmpty: true } },
];

/** Reads a ListBuckets body: list-buckets-scan.ts's scanner for the plain subset OSS sends, else the general codec. */
export function listBucketsFromXml(xml: string): ListBucketsPage {
  return scanListBuckets(xml) ?? listBucketsFromXmlGeneral(xml);
}

/** The general codec path (fast-xml-parser + well-formedness pass); the scanner's reference in tests. */
export function listBucketsFromXmlGeneral(xml: string): ListBucketsPage {
  const page = readRecord(parseXmlRoot(xml, 'ListAllMyBucketsResult').container(), LIST_BUCKETS);
  return { ...page, isTruncated: page.isTruncated ?? false };
}

export function listBucketsToXml(page: ListBucketsPage): string {
  return writeRecord('ListAllMyBucketsResult', page, LIST_BUCKETS);
}
