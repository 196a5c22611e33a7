import { parseXmlRoot } from './parse.ts';
import { readRecord, writeRecord, type RecordSpec } from './schema.ts';
import { element, leaf } from './write.ts';

/** Bucket ACL values OSS knows; other strings are passed through. */
export type BucketAcl = 'private' | 'public-read' | 'public-read-write';

export interface Owner {
  id?: string;
  displayName?: string;
}

/** GetBucketAcl: `AccessControlPolicy`. */
export interface AccessControlPolicy {
  owner?: Owner;
  accessControlList: { grant?: BucketAcl | string };
}

/** GetBucketInfo: `BucketInfo/Bucket`. */
export interface BucketInfo {
  name?: string;
  accessMonitor?: string;
  creationDate?: Date;
  extranetEndpoint?: string;
  intranetEndpoint?: string;
  location?: string;
  storageClass?: string;
  transferAcceleration?: string;
  crossRegionReplication?: string;
  dataRedundancyType?: string;
  resourceGroupId?: string;
  comment?: string;
  versioning?: string;
  blockPublicAccess?: boolean;
  owner?: Owner;
  accessControlList?: { grant?: BucketAcl | string };
  serverSideEncryptionRule?: { sseAlgorithm?: string; kmsMasterKeyID?: string; kmsDataEncryption?: string };
  bucketPolicy?: { logBucket?: string; logPrefix?: string };
}

/** Get(Bucket)PublicAccessBlock / Put(Bucket)PublicAccessBlock body. */
export interface PublicAccessBlockConfiguration {
  blockPublicAccess?: boolean;
}

export const OWNER: RecordSpec<Owner> = [
  { xml: 'ID', key: 'id', kind: 'string' },
  { xml: 'DisplayName', key: 'displayName', kind: 'string' },
];

const GRANT: RecordSpec<{ grant?: string }> = [{ xml: 'Grant', key: 'grant', kind: 'string' }];

const ACL: RecordSpec<AccessControlPolicy> = [
  { xml: 'Owner', key: 'owner', kind: { one: OWNER } },
  { xml: 'AccessControlList', key: 'accessControlList', kind: { one: GRANT, orEmpty: true } },
];

const BUCKET_INFO: RecordSpec<BucketInfo> = [
  { xml: 'AccessMonitor', key: 'accessMonitor', kind: 'string' },
  { xml: 'CreationDate', key: 'creationDate', kind: 'date' },
  { xml: 'ExtranetEndpoint', key: 'extranetEndpoint', kind: 'string' },
  { xml: 'IntranetEndpoint', key: 'intranetEndpoint', kind: 'string' },
  { xml: 'Location', key: 'location', kind: 'string' },
  { xml: 'StorageClass', key: 'storageClass', kind: 'string' },
  { xml: 'TransferAcceleration', key: 'transferAcceleration', kind: 'string' },
  { xml: 'CrossRegionReplication', key: 'crossRegionReplication', kind: 'string' },
  { xml: 'DataRedundancyType', key: 'dataRedundancyType', kind: 'string' },
  { xml: 'Name', key: 'name', kind: 'string' },
  { xml: 'ResourceGroupId', key: 'resourceGroupId', kind: 'string' },
  { xml: 'Comment', key: 'comment', kind: 'string' },
  { xml: 'Versioning', key: 'versioning', kind: 'string' },
  { xml: 'BlockPublicAccess', key: 'blockPublicAccess', kind: 'boolean' },
  { xml: 'Owner', key: 'owner', kind: { one: OWNER } },
  { xml: 'AccessControlList', key: 'accessControlList', kind: { one: GRANT } },
  {
    xml: 'ServerSideEncryptionRule',
    key: 'serverSideEncryptionRule',
    kind: {
      one: [
        { xml: 'SSEAlgorithm', key: 'sseAlgorithm', kind: 'string' },
        { xml: 'KMSMasterKeyID', key: 'kmsMasterKeyID', kind: 'string' },
        { xml: 'KMSDataEncryption', key: 'kmsDataEncryption', kind: 'string' },
      ],
    },
  },
  {
    xml: 'BucketPolicy',
    key: 'bucketPolicy',
    kind: {
      one: [
        { xml: 'LogBucket', key: 'logBucket', kind: 'string' },
        { xml: 'LogPrefix', key: 'logPrefix', kind: 'string' },
      ],
    },
  },
];

const PUBLIC_ACCESS_BLOCK: RecordSpec<PublicAccessBlockConfiguration> = [
  { xml: 'BlockPublicAccess', key: 'blockPublicAccess', kind: 'boolean' },
];

export function aclFromXml(xml: string): AccessControlPolicy {
  return readRecord(parseXmlRoot(xml, 'AccessControlPolicy').container(), ACL);
}

export function aclToXml(policy: AccessControlPolicy): string {
  return writeRecord('AccessControlPolicy', policy, ACL);
}

export function bucketInfoFromXml(xml: string): BucketInfo {
  const bucket = parseXmlRoot(xml, 'BucketInfo').container().one('Bucket');
  return bucket ? readRecord(bucket, BUCKET_INFO) : {};
}

export function bucketInfoToXml(info: BucketInfo): string {
  return element('BucketInfo', writeRecord('Bucket', info, BUCKET_INFO));
}

/** GetBucketLocation: `<LocationConstraint>oss-cn-hangzhou</LocationConstraint>` → `oss-cn-hangzhou`. */
export function locationFromXml(xml: string): string {
  return parseXmlRoot(xml, 'LocationConstraint').text().trim();
}

export function locationToXml(location: string): string {
  return leaf('LocationConstraint', location);
}

export function publicAccessBlockFromXml(xml: string): PublicAccessBlockConfiguration {
  return readRecord(parseXmlRoot(xml, 'PublicAccessBlockConfiguration').container(), PUBLIC_ACCESS_BLOCK);
}

export function publicAccessBlockToXml(config: PublicAccessBlockConfiguration): string {
  return writeRecord('PublicAccessBlockConfiguration', config, PUBLIC_ACCESS_BLOCK);
}
